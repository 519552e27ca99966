#!/usr/bin/env node
/** `docsearch`: the command-line adapter over the engine's API (src-shared/api.ts), one module a command in cli/commands/. */
import { Command, CommanderError, Option } from 'commander';
import { registerAsk } from './cli/commands/ask.js';
import { registerDocs } from './cli/commands/docs.js';
import { registerExportPdf } from './cli/commands/export-pdf.js';
import { registerIngest } from './cli/commands/ingest.js';
import { registerLibrary } from './cli/commands/library.js';
import { registerLlm } from './cli/commands/llm.js';
import { registerModels } from './cli/commands/models.js';
import { registerOcr } from './cli/commands/ocr.js';
import { registerReindex } from './cli/commands/reindex.js';
import { registerRemove } from './cli/commands/remove.js';
import { registerSearch } from './cli/commands/search.js';
import { registerServe } from './cli/commands/serve.js';
import { registerSettings } from './cli/commands/settings.js';
import { registerStatus } from './cli/commands/status.js';
import { registerWatch } from './cli/commands/watch.js';
import { errorBody } from './engine/errors.js';

const program = new Command()
  .name('docsearch')
  .description('文書検索: offline Japanese document search')
  .addOption(new Option('--db <path>', 'store file (default: $DOCSEARCH_DATA_DIR/docsearch.db or the per-user data folder)'))
  .showHelpAfterError()
  .exitOverride();

// in the order `--help` lists them
for (const register of [registerIngest, registerSearch, registerOcr, registerDocs, registerRemove, registerStatus, registerModels, registerReindex, registerLibrary, registerAsk, registerLlm, registerSettings, registerWatch, registerServe, registerExportPdf]) {
  register(program);
}

try {
  await program.parseAsync();
} catch (e) {
  // commander has already printed its own errors (usage errors included)
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  process.stderr.write(`docsearch: ${errorBody(e).message}\n`);
  if (process.env.DOCSEARCH_DEBUG) console.error(e);
  process.exit(2);
}
