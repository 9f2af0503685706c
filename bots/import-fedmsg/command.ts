/** The CLI side of `import-fedmsg-config`: YAML to stdout (or --out), the report to stderr. */
import { writeFileSync } from "node:fs";
import { formatItem, ImportError, importFedmsgConfig } from "./index.js";

export function runImportFedmsgConfig(dir: string, outFile: string | undefined, io = { out: process.stdout, err: process.stderr }): number {
  let result;
  try {
    result = importFedmsgConfig(dir);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    io.err.write(`import-fedmsg-config: ${err.message}\n`);
    return 1;
  }
  if (outFile) writeFileSync(outFile, result.yaml, { mode: 0o600 });
  else io.out.write(result.yaml);
  for (const u of result.unmapped) io.err.write(`not carried over: ${formatItem(u)}\n`);
  for (const u of result.notes) io.err.write(`note: ${formatItem(u)}\n`);
  io.err.write(
    `import-fedmsg-config: read ${result.files.length} files; ${result.unmapped.length} items not carried over${outFile ? `; wrote ${outFile}` : ""}\n`,
  );
  return 0;
}
