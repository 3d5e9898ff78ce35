// The architecture's import boundaries as one ESLint rule that resolves each import against the
// file's own path, so nesting (modules/x/migrations/y.ts, platform/a/b/c.ts) cannot slip past:
// - src/platform (the kernel) imports neither src/modules nor src/app;
// - a module imports another module only through that module's index;
// - a module's production code never imports src/app (the composition root);
// - nothing outside src imports a module's internals except tests and the module's own tests.
import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function area(file) {
  const parts = relative(root, file).split(sep);
  if (parts[0] !== 'src') return { kind: 'outside' };
  if (parts[1] === 'platform') return { kind: 'platform' };
  if (parts[1] === 'app') return { kind: 'app' };
  if (parts[1] === 'modules' && parts[2]) return { kind: 'module', name: parts[2], rest: parts.slice(3).join('/') };
  return { kind: 'other' };
}

const isTest = (file) => /\.(test|spec)\.tsx?$/.test(file) || /test-support\.tsx?$/.test(file);

export const boundaries = {
  rules: {
    imports: {
      meta: { type: 'problem', schema: [], messages: { crossed: '{{why}}' } },
      create(context) {
        const file = context.filename;
        const from = area(file);
        function check(node, source) {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const target = area(resolve(dirname(file), source));
          let why = null;
          if (from.kind === 'platform' && target.kind === 'module') why = 'src/platform must not import a module: register behaviour through the module manifest instead.';
          else if (from.kind === 'platform' && target.kind === 'app') why = 'src/platform must not import src/app: the composition root depends on the kernel, never the reverse.';
          else if (from.kind === 'module' && target.kind === 'module' && target.name !== from.name && !/^index\.(js|ts|tsx)$/.test(target.rest))
            why = `Import the ${target.name} module only through its index.js (its public interface).`;
          else if (from.kind === 'module' && target.kind === 'app' && !isTest(file)) why = 'Modules must not import from src/app (the composition root).';
          if (why) context.report({ node, messageId: 'crossed', data: { why } });
        }
        return {
          ImportDeclaration: (node) => check(node.source, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
          ExportAllDeclaration: (node) => check(node.source, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        };
      },
    },
  },
};
