// Public pages of samverkansöverenskommelser. Anyone may read every version that is not a
// draft and compare two of them; the cooperation's staff also see their draft in the history.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { kommunRoute } from '../../platform/http/kommun-route.js';
import { sendPage } from '../../platform/views/render.js';
import { slugPattern } from './cooperation.schemas.js';
import { compareAgreementVersions } from './agreement.presenter.js';
import { listPublicAgreements, readAgreementComparison, readAgreementHistory, readAgreementVersion, readShownAgreement } from './agreement.reading.js';
import { AgreementComparePage, AgreementListPage, AgreementPage, AgreementVersionsPage } from './agreement.views.js';

const slugParams = z.object({ slug: z.string().max(120).regex(slugPattern) });
const versionNumber = z.coerce.number().int().min(1).max(100_000);
const versionParams = slugParams.extend({ n: versionNumber });
/** A version number that is not one is as good as none: the page then offers its own choice. */
const optionalVersion = z.preprocess((v) => {
  const parsed = versionNumber.safeParse(v);
  return parsed.success ? parsed.data : undefined;
}, versionNumber.optional());
const compareQuery = z.object({ fran: optionalVersion, till: optionalVersion });

export function registerAgreementPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  kommunRoute(app, { method: 'GET', url: '/:kommun/samverkansoverenskommelser' }, async ({ request, reply, kommun }) => {
    return sendPage(request, reply, <AgreementListPage rows={await listPublicAgreements(ctx, kommun.id)} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/samverkansoverenskommelser/:slug', params: slugParams }, async ({ request, reply, kommun, params }) => {
    const shown = await readShownAgreement(ctx, kommun.id, params.slug);
    return sendPage(request, reply, <AgreementPage {...shown} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/samverkansoverenskommelser/:slug/versioner', params: slugParams }, async ({ request, reply, kommun, actor, params }) => {
    const history = await readAgreementHistory(ctx, actor, kommun.id, params.slug);
    return sendPage(request, reply, <AgreementVersionsPage {...history} />);
  });

  kommunRoute(app, { method: 'GET', url: '/:kommun/samverkansoverenskommelser/:slug/versioner/:n', params: versionParams }, async ({ request, reply, kommun, actor, params }) => {
    const read = await readAgreementVersion(ctx, actor, kommun.id, params.slug, params.n);
    return sendPage(request, reply, <AgreementPage {...read} />);
  });

  kommunRoute(
    app,
    { method: 'GET', url: '/:kommun/samverkansoverenskommelser/:slug/jamfor', params: slugParams, query: compareQuery },
    async ({ request, reply, kommun, actor, params, query }) => {
      const { shown, versions, from, to } = await readAgreementComparison(ctx, actor, kommun.id, params.slug, { from: query.fran, to: query.till });
      const changes = from ? compareAgreementVersions(from, to, request.t, request.locale) : null;
      return sendPage(request, reply, <AgreementComparePage shown={shown} versions={versions} from={from?.versionNo} to={to.versionNo} changes={changes} />);
    },
  );
}
