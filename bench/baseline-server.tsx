// The baselines of `npm run bench`, in a child process of their own:
// - GET /json: a bare Fastify JSON route, the ceiling of this machine's HTTP stack;
// - GET /page/<n>: the n-th measured page rendered by a bare Fastify route. Each page is requested
//   once from the real app, in this process and on the bench database, and the element tree its
//   handler gave sendPage (the real view and layout, with the data the real services loaded) is
//   kept. Each request then only renders it again: no hooks, session, kommun lookup or queries.
// The difference between a page and its baseline is what the kernel and the queries cost.
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.js';
import { options, type ComponentChildren, type VNode } from 'preact';
import pino from 'pino';
import { loadConfig } from '../src/platform/config.js';
import { createAppContext } from '../src/app/context.js';
import { buildServer } from '../src/app/server.js';
import type { PageContext } from '../src/platform/views/page-context.js';
import { PageRoot, renderPage } from '../src/platform/views/render.js';

export interface BaselinePage {
  url: string;
  cookie?: string;
}

interface Captured {
  context: PageContext;
  node: ComponentChildren;
}

// A form carries this browser's CSRF token, which differs between two anonymous requests.
const withoutTokens = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');

/** Requests each page from the real app and keeps what its handler rendered. */
async function capturePages(databaseUrl: string, pages: BaselinePage[]): Promise<Captured[]> {
  const config = loadConfig({ NODE_ENV: 'development', SAMTRYGG_DEMO: 'true', LOG_LEVEL: 'silent', WORKERS: 'false', DATABASE_URL: databaseUrl, PAGE_CACHE_SECONDS: '0' });
  const ctx = createAppContext(config, pino({ level: 'silent' }));
  const app = await buildServer(ctx);
  // sendPage renders <PageRoot context={context}>{page}</PageRoot>: preact's vnode hook sees that
  // element created, with the page context and the page's element tree.
  const rendered: Captured[] = [];
  const previousHook = options.vnode;
  options.vnode = (vnode: VNode) => {
    if (vnode.type === PageRoot) {
      const props = vnode.props as { context: PageContext; children: ComponentChildren };
      rendered.push({ context: props.context, node: props.children });
    }
    previousHook?.(vnode);
  };
  const captured: Captured[] = [];
  try {
    for (const { url, cookie } of pages) {
      rendered.length = 0;
      const response = await app.inject({ url, headers: cookie ? { cookie } : {} });
      const page = rendered.at(-1);
      if (response.statusCode !== 200 || !page) throw new Error(`baseline: ${url} answered ${response.statusCode}${page ? '' : ' without rendering a page'}`);
      const html = renderPage(page.context, page.node);
      if (withoutTokens(html) !== withoutTokens(response.body)) throw new Error(`baseline: rendering ${url} again did not give the page the app sent`);
      if (renderPage(page.context, page.node) !== html) throw new Error(`baseline: ${url} renders differently the second time`);
      captured.push(page);
    }
  } finally {
    options.vnode = previousHook;
    await app.close();
    await ctx.database.close();
  }
  return captured;
}

async function main(): Promise<void> {
  const pages = JSON.parse(process.env.BENCH_PAGES ?? '[]') as BaselinePage[];
  const captured = await capturePages(process.env.DATABASE_URL ?? '', pages);
  const app = Fastify();
  app.get('/json', async () => ({ hello: 'world' }));
  // The floor of a form post: parse the body, make one INSERT into the bench database.
  await app.register(formbody);
  const database = openDatabase(process.env.DATABASE_URL ?? '', { poolSize: 10 });
  await sql`create table if not exists bench_baseline_posts (id text primary key, body text not null)`.execute(database.db);
  let posted = 0;
  app.post('/insert', async (request) => {
    posted += 1;
    await database.db.insertInto('bench_baseline_posts' as never).values({ id: `${process.pid}-${posted}`, body: JSON.stringify(request.body) } as never).execute();
    return { ok: true };
  });
  captured.forEach((page, index) => {
    app.get(`/page/${index}`, async (_request, reply) =>
      reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(page.context, page.node)),
    );
  });
  // Exit on the bench's SIGTERM through process.exit, so that `node --cpu-prof` writes its profile.
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

main().catch((error: unknown) => {
  process.stderr.write(`Bench baseline could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
