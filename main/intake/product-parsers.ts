/** The importer's parsers in the product: detection by content, parsing in a time- and memory-limited worker. */
import { detectFile, extensionMismatch } from './detect.js';
import type { IntakeParsers } from './import.js';
import { closeParserWorkers, runParser, warmParserWorker } from './run-parser.js';

export const productParsers: IntakeParsers = {
  detect: async (path, name) => {
    const detection = await detectFile(path);
    return { kind: detection.kind, mime: detection.mime, extensionMismatch: extensionMismatch(name, detection.kind) };
  },
  finish: closeParserWorkers,
  warm: warmParserWorker,
  parse: (input) =>
    runParser(
      { path: input.path, size: input.size, tempDir: input.tempDir, name: input.name, depth: input.depth },
      { kind: input.kind },
    ),
};
