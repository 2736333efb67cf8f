// Where studies live and which one a command means when none is named: every study is a folder
// .scoot/<name>/ next to the config that ran it (the demo's next to where it ran), holding summary.json
// once its first trial ends. Shared by the CLI (`scoot report` / `scoot apply` with no arguments, the
// demo's numbered studies) and the extension (the panel's most recent study).

import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export const STUDIES_FOLDER = '.scoot';

export interface StudyFolder {
  dir: string;
  name: string;
  /** When summary.json was last written (epoch ms): the study's last finished trial. */
  updatedMs: number;
}

async function summaryTime(dir: string): Promise<number | undefined> {
  return stat(join(dir, 'summary.json')).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
}

/** The study folders among `dirs` that hold a summary, most recently updated first. */
export async function studiesByRecency(dirs: readonly string[]): Promise<StudyFolder[]> {
  const found = await Promise.all(dirs.map(async (dir) => ({ dir, name: basename(dir), updatedMs: await summaryTime(dir) })));
  return found.filter((f): f is StudyFolder => f.updatedMs !== undefined).sort((a, b) => b.updatedMs - a.updatedMs || a.name.localeCompare(b.name));
}

/** The most recently updated of these study folders; undefined when none holds a summary yet. */
export async function mostRecentStudy(dirs: readonly string[]): Promise<StudyFolder | undefined> {
  return (await studiesByRecency(dirs))[0];
}

/** Every study under `<root>/.scoot/`, most recently updated first. */
export async function studiesIn(root: string): Promise<StudyFolder[]> {
  const folder = join(root, STUDIES_FOLDER);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return studiesByRecency(entries.filter((e) => e.isDirectory()).map((e) => join(folder, e.name)));
}

/**
 * A new study folder `<root>/.scoot/<base>-<n>`, n one past the highest taken, created here so that
 * two runs starting at once never share one. Earlier ones are left as they are.
 */
export async function claimNumberedStudy(root: string, base: string): Promise<{ dir: string; name: string }> {
  const folder = join(root, STUDIES_FOLDER);
  await mkdir(folder, { recursive: true });
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  const taken = (await readdir(folder)).map((name) => Number(pattern.exec(name)?.[1] ?? 0));
  for (let n = Math.max(0, ...taken) + 1; ; n++) {
    const name = `${base}-${n}`;
    try {
      await mkdir(join(folder, name));
      return { dir: join(folder, name), name };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Studies under `<root>/.scoot/` named `<base>-<n>` (or plain `<base>`), most recently updated first. */
export async function numberedStudies(root: string, base: string): Promise<StudyFolder[]> {
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-\\d+)?$`);
  return (await studiesIn(root)).filter((s) => pattern.test(s.name));
}
