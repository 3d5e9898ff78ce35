// A stand-in module for the kernel's subscription tests: a page with the subscribe form and a
// thin subscribe route, as a module would write them (see subscriptions/index.ts).
import type { FastifyInstance } from 'fastify';
import { kommunRoute } from '../src/platform/http/kommun-route.js';
import { defineModule } from '../src/platform/module.js';
import { acceptSubscribeForm, sendSubscribeFormPage, SubscribeForm, subscribeFormBody } from '../src/platform/subscriptions/index.js';
import { Layout } from '../src/platform/views/layout.js';
import { sendPage } from '../src/platform/views/render.js';

export const probeTopic = 'probe.thing:1';
export const probeTitle = 'Provlöftet';

export const subscriptionProbeModule = defineModule({
  name: 'probe',
  routes: (app: FastifyInstance, ctx) => {
    kommunRoute(app, { method: 'GET', url: '/:kommun/prov' }, async ({ request, reply, kommun }) =>
      sendPage(
        request,
        reply,
        <Layout title={probeTitle} residentsWrite>
          <h1 class="ds-heading" data-size="lg">
            {probeTitle}
          </h1>
          <SubscribeForm action={`/${kommun.slug}/prov/prenumerera`} topicTitle={probeTitle} />
        </Layout>,
      ),
    );
    kommunRoute(
      app,
      {
        method: 'POST',
        url: '/:kommun/prov/prenumerera',
        body: subscribeFormBody,
        invalid: (route, form) => sendSubscribeFormPage(route, { action: `/${route.kommun.slug}/prov/prenumerera`, topicTitle: probeTitle, topicPath: `/${route.kommun.slug}/prov`, form }),
      },
      async (route) => acceptSubscribeForm(ctx, route, { topic: probeTopic, title: probeTitle, path: `/${route.kommun.slug}/prov` }),
    );
  },
});
