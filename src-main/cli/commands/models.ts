import type { Command } from 'commander';
import { MODEL_VARIANTS, type ModelStatus } from '#shared/api';
import { variantModelId } from '../../engine/models/manifest.js';
import { print, usageError } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('check the model files against models/manifest.json (sha256) and show the variants (fp32, int8) and the one in use; --load also creates the ONNX sessions')
    .option('--json', 'print the models as JSON')
    .option('--load', 'create the ONNX sessions to show the execution provider and load time')
    .action((o: { json?: boolean; load?: boolean }) =>
      withEngine(program, async (engine) => {
        const models = await engine.modelStatus({ load: Boolean(o.load) });
        if (o.json) print(JSON.stringify(models));
        else printModels(models, Boolean(o.load));
        if (models.some((m) => m.problems.length)) process.exitCode = 1;
      }),
    );
  models
    .command('use')
    .description('run the embedder and reranker with these weights (settings models.variant); vectors of another variant need `docsearch reindex`')
    .argument('<variant>', MODEL_VARIANTS.join(' or '))
    .action((variant: string, _o: unknown, command: Command) => {
      const chosen = MODEL_VARIANTS.find((v) => v === variant);
      if (!chosen) usageError(command, `the variant must be one of ${MODEL_VARIANTS.join(', ')} (not "${variant}")`);
      return withEngine(program, async (engine) => {
        engine.updateSettings({ models: { variant: chosen } });
        const semantic = (await engine.modelStatus()).filter((m) => m.activeVariant);
        for (const m of semantic) print(`${m.role.padEnd(8)} ${m.id}: ${m.activeVariant}${m.variantNote ? ` (${m.variantNote})` : ''}`);
        const space = engine.status().vectorSpace;
        const embedder = semantic.find((m) => m.role === 'embedder');
        const spaceNow = embedder?.activeVariant && variantModelId(embedder.id, embedder.activeVariant);
        if (space && spaceNow && space.model !== spaceNow) print(`the store's vectors come from ${space.model}: run \`docsearch reindex\` to embed with ${spaceNow} (dense search is off until then)`);
      });
    });
}

function printModels(models: ModelStatus[], loaded: boolean): void {
  for (const m of models) {
    print(`${m.role.padEnd(8)} ${m.id.padEnd(20)} ${m.status === 'present' ? 'present' : m.status.toUpperCase()}  (${m.engine}, ${m.licence})`);
    for (const f of m.files) {
      const size = f.bytes === null ? '' : f.bytes < 1048576 ? `  ${(f.bytes / 1024).toFixed(1)} KiB` : `  ${(f.bytes / 1048576).toFixed(1)} MiB`;
      print(`   ${f.status.padEnd(8)} ${f.path}${size}`);
    }
    if (m.loaded) {
      const why = m.fallbackReason ? ` (${m.fallbackReason})` : '';
      print(`   provider ${m.provider}${why}, loaded in ${Math.round(m.loadMs ?? 0)} ms`);
    } else if (m.engine === 'onnx' && m.status === 'present') {
      print(`   ${loaded ? 'not loaded' : 'not loaded (--load creates the session and shows the provider)'}`);
    }
    for (const v of m.variants) print(`   variant ${v.id.padEnd(5)} ${v.status.padEnd(8)} ${v.path}  (${v.tool})`);
    if (m.activeVariant) print(`   in use: ${m.activeVariant}${m.variantNote ? ` (${m.variantNote})` : ''}`);
    for (const p of m.problems) print(`   ! ${p}`);
  }
  const bad = models.filter((m) => m.status !== 'present').length;
  const unloadable = models.filter((m) => m.status === 'present' && m.problems.length).length;
  print(
    (bad ? `${bad} of ${models.length} models missing or altered` : `all ${models.length} models present and verified`) +
      (unloadable ? `, ${unloadable} could not be loaded` : ''),
  );
}
