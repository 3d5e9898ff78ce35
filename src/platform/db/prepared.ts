// Kysely builds a query's operation tree and compiles it to SQL on every call. For a query on the
// path of every signed-in request that costs more than running it: building the session lookup
// took ~100 µs, running it in SQLite ~20 µs (profiled under `npm run bench`). A prepared query is
// built and compiled once per database, with a placeholder where each value goes; a call only
// puts its values in the placeholders' places.
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.js';

const marker = '\u0000prepared:';

interface Prepared {
  compiled: CompiledQuery;
  slots: ({ key: string } | { constant: unknown })[];
}

function prepare<Values, Shape>(db: Db, build: (db: Db, values: Values, shape: Shape) => Compilable<unknown>, shape: Shape): Prepared {
  const keyOf = new Map<string, string>();
  const placeholders = new Proxy({} as Record<string, unknown>, {
    get: (_target, key) => {
      const placeholder = `${marker}${String(key)}\u0000`;
      keyOf.set(placeholder, String(key));
      return placeholder;
    },
  }) as Values;
  const compiled = build(db, placeholders, shape).compile();
  const slots = compiled.parameters.map((parameter) => {
    const key = typeof parameter === 'string' ? keyOf.get(parameter) : undefined;
    if (key !== undefined) return { key };
    if (typeof parameter === 'string' && parameter.includes(marker)) throw new Error('preparedQuery: a value was changed before it reached the query');
    return { constant: parameter };
  });
  if (compiled.sql.includes(marker)) throw new Error('preparedQuery: a value was written into the SQL instead of bound');
  return { compiled, slots };
}

async function run<Row>(db: Db, { compiled, slots }: Prepared, values: Record<string, unknown>): Promise<Row[]> {
  const parameters = slots.map((slot) => ('key' in slot ? values[slot.key] : slot.constant));
  const result = await db.executeQuery<Row>({ ...compiled, parameters });
  return result.rows;
}

/**
 * Wraps a query builder whose SQL does not depend on its values. `build` gets placeholders in
 * place of the values and must hand each straight to Kysely as a value (never branch on it, join
 * it into a string or spread it into a list): a placeholder that does not arrive in the compiled
 * query as a parameter of its own is refused when the query is first prepared.
 */
export function preparedQuery<Values extends Record<string, unknown>, Row>(build: (db: Db, values: Values) => Compilable<Row>): (db: Db, values: Values) => Promise<Row[]> {
  const prepared = new WeakMap<object, Prepared>();
  return async (db, values) => {
    // Keyed by the dialect's adapter, which a database and its transactions share: a query run
    // inside a transaction (a new Db each time) is not prepared again for every transaction.
    const key = db.getExecutor().adapter;
    let statement = prepared.get(key);
    if (!statement) {
      statement = prepare(db, build, undefined);
      prepared.set(key, statement);
    }
    return run<Row>(db, statement, values);
  };
}

/**
 * preparedQuery for a query whose SQL also depends on a `shape` (which and how many conditions),
 * prepared once per shape. `keyOf` must name everything in the shape that the SQL depends on;
 * the most recently prepared `maxShapes` shapes are kept.
 */
export function preparedQueryByShape<Values extends Record<string, unknown>, Shape, Row>(
  build: (db: Db, values: Values, shape: Shape) => Compilable<Row>,
  keyOf: (shape: Shape) => string,
  maxShapes = 1000,
): (db: Db, values: Values, shape: Shape) => Promise<Row[]> {
  const prepared = new WeakMap<object, Map<string, Prepared>>();
  return async (db, values, shape) => {
    const adapter = db.getExecutor().adapter;
    let statements = prepared.get(adapter);
    if (!statements) {
      statements = new Map();
      prepared.set(adapter, statements);
    }
    const key = keyOf(shape);
    let statement = statements.get(key);
    if (statement) {
      // Most recently used last, so the oldest is the first to go.
      statements.delete(key);
    } else {
      statement = prepare(db, build, shape);
      if (statements.size >= maxShapes) statements.delete(statements.keys().next().value!);
    }
    statements.set(key, statement);
    return run<Row>(db, statement, values);
  };
}
