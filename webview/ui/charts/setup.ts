// Chart.js with only the pieces the panel draws (tree-shaken), plus the SLO-line plugin.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip,
} from 'chart.js';
import { sloLinesPlugin } from './slo-lines-plugin.js';

Chart.register(ScatterController, LineController, BarController, PointElement, LineElement, BarElement, LinearScale, LogarithmicScale, CategoryScale, Tooltip, Legend, sloLinesPlugin);

export { Chart };
