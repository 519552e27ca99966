import type { Command } from 'commander';
import type { ModelStatus } from '#shared/api';
import { print } from '../output.js';
import { withEngine } from '../with-engine.js';

export function registerModels(program: Command): void {
  program
    .command('models')
    .description('check the model files against models/manifest.json (sha256); --load also creates the ONNX sessions')
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
    for (const p of m.problems) print(`   ! ${p}`);
  }
  const bad = models.filter((m) => m.status !== 'present').length;
  const unloadable = models.filter((m) => m.status === 'present' && m.problems.length).length;
  print(
    (bad ? `${bad} of ${models.length} models missing or altered` : `all ${models.length} models present and verified`) +
      (unloadable ? `, ${unloadable} could not be loaded` : ''),
  );
}
