#!/usr/bin/env node
// The `locard` command. The CLI is built into out/ by `npm install` (prepare) and `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(
    'locard: the CLI is not built yet. Run "npm install" (or "npm run build") in the Locard folder.\n',
  );
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
