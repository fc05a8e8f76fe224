import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/**
 * The layers of ARCHITECTURE: each folder of src imports only the layers below it. A file's layer is its first
 * folder under src (`contract.ts` and `index.ts` are layers of their own).
 */
const ALLOWED: Record<string, readonly string[]> = {
  contract: [],
  config: ['contract'],
  model: ['config', 'contract'],
  props: ['config'],
  cdk8s: ['props', 'model', 'config'],
  pulumi: ['props', 'model', 'config'],
  cli: ['model', 'config', 'runtime', 'contract'],
  runtime: ['contract'],
  index: ['cdk8s', 'props', 'model', 'config'],
};

const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(file: string): string {
  const [first] = relative(SRC, file).split('/');
  return first.replace(/\.ts$/, '');
}

/** The src files a file imports (static imports, re-exports and `require`s of relative paths). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf-8');
  const specifiers = [...text.matchAll(/(?:from|require\()\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) => resolve(dirname(file), s));
}

const files = sourceFiles(SRC);

test.each(files.map((f) => [relative(SRC, f), f]))('%s imports only the layers below its own', (_name, file) => {
  const layer = layerOf(file);
  const crossed = importsOf(file).map(layerOf).filter((target) => target !== layer && !ALLOWED[layer].includes(target));
  expect({ layer, crossed }).toEqual({ layer, crossed: [] });
});

test('every src folder is a known layer', () => {
  expect(new Set(files.map(layerOf))).toEqual(new Set(Object.keys(ALLOWED)));
});
