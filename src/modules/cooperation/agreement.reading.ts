// Reading agreements for pages: what residents see (never a draft), and what the cooperation's
// staff see on the history and compare pages (their draft too, marked as one). Each page asks
// one function here.
import type { Actor } from '../../platform/auth/index.js';
import type { AppContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { listCooperationOrganisations } from './cooperation.organisations.js';
import { coopReader, publicReader, type CoopReader } from './cooperation.policy.js';
import {
  findLatestAgreementVersion,
  findLinkedPlans,
  findShownAgreementVersion,
  listAgreements,
  listAgreementVersions,
  listPlanChoices,
  type AgreementVersionRow,
} from './agreement.repository.js';

export async function listPublicAgreements(ctx: AppContext, kommunId: string): Promise<AgreementVersionRow[]> {
  return listAgreements(ctx.db, publicReader(kommunId));
}

async function linkedPlansOf(ctx: AppContext, reader: CoopReader, versions: AgreementVersionRow[]) {
  const ids = [...new Set(versions.flatMap((v) => v.content.annexes.flatMap((a) => (a.planId ? [a.planId] : []))))];
  return findLinkedPlans(ctx.db, reader, ids);
}

/** The agreement residents see at its address, and the version before it for "compare with". */
export async function readShownAgreement(ctx: AppContext, kommunId: string, slug: string) {
  const reader = publicReader(kommunId);
  const version = await findShownAgreementVersion(ctx.db, kommunId, { slug });
  if (!version) throw new NotFoundError();
  const versions = await listAgreementVersions(ctx.db, reader, { slug });
  const previous = versions.find((v) => v.versionNo < version.versionNo);
  return { version, shownVersionNo: version.versionNo, previousVersionNo: previous?.versionNo ?? null, plans: await linkedPlansOf(ctx, reader, [version]) };
}

/** The history: an agreement the public can see, with every version the reader may see. */
export async function readAgreementHistory(ctx: AppContext, actor: Actor | null, kommunId: string, slug: string) {
  const shown = await findShownAgreementVersion(ctx.db, kommunId, { slug });
  if (!shown) throw new NotFoundError();
  return { shown, versions: await listAgreementVersions(ctx.db, coopReader(actor, kommunId), { slug }) };
}

export async function readAgreementVersion(ctx: AppContext, actor: Actor | null, kommunId: string, slug: string, versionNo: number) {
  const reader = coopReader(actor, kommunId);
  const { shown, versions } = await readAgreementHistory(ctx, actor, kommunId, slug);
  const version = versions.find((v) => v.versionNo === versionNo);
  if (!version) throw new NotFoundError();
  const previous = versions.find((v) => v.versionNo < versionNo);
  return { version, shownVersionNo: shown.versionNo, previousVersionNo: previous?.versionNo ?? null, plans: await linkedPlansOf(ctx, reader, [version]) };
}

/**
 * Two versions to compare; without a choice, the one before the shown version and the shown
 * one. A version the reader may not see (a draft, for the public) is not there: 404.
 */
export async function readAgreementComparison(ctx: AppContext, actor: Actor | null, kommunId: string, slug: string, choice: { from?: number | undefined; to?: number | undefined }) {
  const { shown, versions } = await readAgreementHistory(ctx, actor, kommunId, slug);
  const to = choice.to ?? shown.versionNo;
  const from = choice.from ?? versions.find((v) => v.versionNo < to)?.versionNo;
  const toVersion = versions.find((v) => v.versionNo === to);
  const fromVersion = from === undefined ? undefined : versions.find((v) => v.versionNo === from);
  if (!toVersion || (from !== undefined && !fromVersion)) throw new NotFoundError();
  return { shown, versions, from: fromVersion, to: toVersion };
}

// ---- staff ------------------------------------------------------------------------------------

export async function listAgreementsForStaff(ctx: AppContext, actor: Actor, kommunId: string): Promise<AgreementVersionRow[]> {
  const reader = coopReader(actor, kommunId);
  if (!reader.seesInternal) return [];
  return listAgreements(ctx.db, reader);
}

/** Everything the staff agreement page shows: the latest version, the history, the choices of the form. */
export async function readAgreementForStaff(ctx: AppContext, actor: Actor, kommunId: string, agreementId: string) {
  const reader = coopReader(actor, kommunId);
  if (!reader.seesInternal) throw new NotFoundError();
  const version = await findLatestAgreementVersion(ctx.db, reader, { id: agreementId });
  if (!version) throw new NotFoundError();
  const versions = await listAgreementVersions(ctx.db, reader, { id: agreementId });
  return { version, versions, plans: await linkedPlansOf(ctx, reader, versions), choices: await agreementFormChoices(ctx, kommunId) };
}

export async function agreementFormChoices(ctx: AppContext, kommunId: string) {
  const [organisations, plans] = await Promise.all([listCooperationOrganisations(ctx.db, kommunId), listPlanChoices(ctx.db, kommunId)]);
  return { organisations, plans };
}
