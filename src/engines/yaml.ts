// Just enough YAML for TensorRT-LLM's --extra_llm_api_options file: nested maps of scalars. Written by
// hand so no YAML library is needed; strings that a YAML parser could read as anything else are quoted.

export type YamlScalar = string | number | boolean;
export interface YamlMap {
  [key: string]: YamlScalar | YamlMap;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Plain strings that YAML 1.1/1.2 parsers (PyYAML is 1.1) would turn into booleans, nulls or numbers.
const AMBIGUOUS = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d|\.\d)[\d._eE+-]*|\.inf|\.nan)$/i;
const PLAIN_STRING = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function scalar(value: YamlScalar): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`YAML value must be finite, got ${value}`);
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
  }
  // JSON strings are valid YAML double-quoted scalars.
  return PLAIN_STRING.test(value) && !AMBIGUOUS.test(value) ? value : JSON.stringify(value);
}

/** Block-style YAML, two-space indentation, keys in insertion order, ending with a newline. */
export function toYaml(map: YamlMap): string {
  const lines: string[] = [];
  const emit = (m: YamlMap, indent: string) => {
    for (const [key, value] of Object.entries(m)) {
      if (!PLAIN_KEY.test(key)) throw new Error(`YAML key "${key}" is not a plain identifier`);
      if (typeof value === 'object') {
        lines.push(`${indent}${key}:`);
        emit(value, `${indent}  `);
      } else {
        lines.push(`${indent}${key}: ${scalar(value)}`);
      }
    }
  };
  emit(map, '');
  return lines.map((l) => `${l}\n`).join('');
}
