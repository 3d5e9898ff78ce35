// Staff pages for samverkansöverenskommelser: the list, the agreement page (the draft's form, or
// the decided version with what can be done next), the conflict page and the annexes page.
// Repeating parts (groups, signatories, annexes) are numbered rows with spare empty rows, so
// the form works without JavaScript.
import type { ComponentChildren } from 'preact';
import { formatBytes, fileUrl } from '../../platform/files/index.js';
import { formatDateTime } from '../../platform/i18n/i18n.js';
import { ErrorSummary, FileField, Form, SelectField, SubmitButton, TextArea, TextField, fieldId, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { coopLimits } from './cooperation.schemas.js';
import { Period } from './cooperation.components.js';
import type { CoopOrganisation } from './cooperation.organisations.js';
import type { AgreementVersionRow } from './agreement.repository.js';
import { agreementLimits, annexKinds, formRowCount } from './agreement.schemas.js';
import { AgreementDocument, AgreementStatusText, agreementPath, type LinkedPlans } from './agreement.views.js';

export const staffAgreementsPath = 'admin/samverkan/overenskommelser';

function useStaffCrumbs(current?: string) {
  const page = usePage();
  const { t } = page;
  return [
    { label: page.kommun?.name ?? '', href: kommunPath(page) },
    { label: t('staff.dashboard'), href: kommunPath(page, 'admin') },
    ...(current ? [{ label: t('cooperation.agreement.staff.title'), href: kommunPath(page, staffAgreementsPath) }, { label: current }] : [{ label: t('cooperation.agreement.staff.title') }]),
  ];
}

export function StaffAgreementListPage({ rows, canWrite }: { rows: AgreementVersionRow[]; canWrite: boolean }) {
  const page = usePage();
  const { t } = page;
  const title = t('cooperation.agreement.staff.title');
  return (
    <Layout title={title} staff breadcrumbs={useStaffCrumbs()}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('cooperation.agreement.staff.lead')}</p>
      {canWrite ? (
        <p>
          <a class="ds-button" data-variant="primary" href={kommunPath(page, `${staffAgreementsPath}/ny`)}>
            {t('cooperation.agreement.staff.new')}
          </a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t('cooperation.agreement.staff.empty')}</p>
      ) : (
        <div class="table-scroll" role="region" tabindex={0} aria-label={t('cooperation.agreement.staff.caption')}>
          <table class="ds-table staff-table">
            <caption>{t('cooperation.agreement.staff.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cooperation.agreement.staff.colTitle')}</th>
                <th scope="col">{t('cooperation.agreement.staff.colVersion')}</th>
                <th scope="col">{t('cooperation.agreement.colStatus')}</th>
                <th scope="col">{t('cooperation.agreement.colPeriod')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.agreementId}>
                  <th scope="row">
                    <a class="ds-link" href={kommunPath(page, `${staffAgreementsPath}/${row.agreementId}`)} lang="sv">
                      {row.title}
                    </a>
                  </th>
                  <td>{row.versionNo}</td>
                  <td>
                    <AgreementStatusText status={row.status} />
                  </td>
                  <td>
                    <Period start={row.periodStart} end={row.periodEnd} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface AgreementFormChoices {
  organisations: CoopOrganisation[];
  plans: { id: string; title: string; status: string }[];
}

function Rows({ legend, hint, count, children }: { legend: string; hint?: string; count: number; children: (n: number) => ComponentChildren }) {
  return (
    <fieldset class="ds-fieldset coop-rows">
      <legend class="ds-heading" data-size="xs">
        {legend}
      </legend>
      {hint ? <p class="field__hint">{hint}</p> : null}
      {Array.from({ length: count }, (_, n) => children(n))}
    </fieldset>
  );
}

function AgreementFields({ form, choices, kommunId }: { form: FormState; choices: AgreementFormChoices; kommunId: string }) {
  const { t } = usePage();
  const policeAreas = choices.organisations.filter((o) => o.kind === 'lokalpolisomrade');
  const partners = choices.organisations.filter((o) => o.kind !== 'lokalpolisomrade' && o.id !== kommunId);
  const chosenPartners = new Set((form.values.partnerIds ?? '').split('\n'));
  const planOptions = [{ value: '', label: t('cooperation.agreement.annexPlanNone') }, ...choices.plans.map((p) => ({ value: p.id, label: `${p.title} (${t(`cooperation.planStatus.${p.status}`)})` }))];
  const kindOptions = annexKinds.map((k) => ({ value: k, label: t(`cooperation.agreement.annexKind.${k}`) }));
  const partnerError = form.errors.partnerIds;
  return (
    <>
      <TextField name="title" label={t('cooperation.agreement.title')} form={form} required maxLength={coopLimits.title} />
      <TextField name="slug" label={t('cooperation.agreement.slug')} hint={t('cooperation.agreement.slugHint')} form={form} maxLength={coopLimits.slug} />
      <TextField name="periodStart" type="date" label={t('cooperation.agreement.periodStart')} hint={t('cooperation.agreement.dateHint')} form={form} required />
      <TextField name="periodEnd" type="date" label={t('cooperation.agreement.periodEnd')} hint={t('cooperation.agreement.dateHint')} form={form} required />
      <TextArea name="purpose" label={t('cooperation.agreement.purpose')} hint={t('cooperation.agreement.markdownHint')} form={form} maxLength={coopLimits.body} rows={6} />
      <TextArea name="goals" label={t('cooperation.agreement.goals')} hint={t('cooperation.agreement.markdownHint')} form={form} maxLength={coopLimits.body} rows={6} />

      <fieldset class="ds-fieldset coop-rows">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.agreement.parties')}
        </legend>
        <SelectField
          name="policeAreaId"
          label={t('cooperation.agreement.policeArea')}
          form={form}
          options={[{ value: '', label: t('cooperation.agreement.policeAreaNone') }, ...policeAreas.map((o) => ({ value: o.id, label: o.name }))]}
        />
        {partners.length === 0 ? (
          <p>{t('cooperation.agreement.noPartners')}</p>
        ) : (
          <fieldset class="ds-fieldset" id={fieldId('partnerIds')} aria-describedby={partnerError ? `${fieldId('partnerIds')}-error` : undefined}>
            <legend class="ds-label">
              {t('cooperation.agreement.partners')} <span class="field__optional">({t('form.optional')})</span>
            </legend>
            <p class="field__hint">{t('cooperation.agreement.partnersHint')}</p>
            {partnerError ? (
              <div class="ds-validation-message field__error" id={`${fieldId('partnerIds')}-error`} data-color="danger">
                {t(partnerError)}
              </div>
            ) : null}
            {partners.map((o) => (
              <div key={o.id} class="ds-field field field--checkbox">
                <input class="ds-input" type="checkbox" id={`partner-${o.id}`} name="partnerIds" value={o.id} checked={chosenPartners.has(o.id)} />
                <label class="ds-label" for={`partner-${o.id}`}>
                  {o.name}
                </label>
              </div>
            ))}
          </fieldset>
        )}
      </fieldset>

      <Rows legend={t('cooperation.agreement.organisation')} hint={t('cooperation.agreement.organisationHint')} count={formRowCount(form.values, 'groups')}>
        {(n) => (
          <fieldset key={n} class="ds-fieldset coop-row">
            <legend class="ds-label">{t('cooperation.agreement.group', { n: n + 1 })}</legend>
            <TextField name={`groups.${n}.name`} label={t('cooperation.agreement.groupName')} form={form} maxLength={coopLimits.title} />
            <TextField name={`groups.${n}.members`} label={t('cooperation.agreement.groupMembers')} hint={t('cooperation.agreement.groupMembersHint')} form={form} maxLength={coopLimits.shortText} />
            <TextField name={`groups.${n}.meetingRhythm`} label={t('cooperation.agreement.groupRhythm')} hint={t('cooperation.agreement.groupRhythmHint')} form={form} maxLength={coopLimits.role} />
          </fieldset>
        )}
      </Rows>

      <Rows legend={t('cooperation.agreement.signatories')} hint={t('cooperation.agreement.signatoriesHint')} count={formRowCount(form.values, 'signatories')}>
        {(n) => (
          <fieldset key={n} class="ds-fieldset coop-row">
            <legend class="ds-label">{t('cooperation.agreement.signatory', { n: n + 1 })}</legend>
            <TextField name={`signatories.${n}.role`} label={t('cooperation.agreement.signatoryRole')} form={form} maxLength={coopLimits.role} />
            <TextField name={`signatories.${n}.organisation`} label={t('cooperation.agreement.signatoryOrganisation')} form={form} maxLength={coopLimits.title} />
          </fieldset>
        )}
      </Rows>

      <Rows legend={t('cooperation.agreement.annexes')} hint={t('cooperation.agreement.annexesHint')} count={formRowCount(form.values, 'annexes')}>
        {(n) => {
          const fileId = form.values[`annexes.${n}.fileId`] ?? '';
          return (
            <fieldset key={n} class="ds-fieldset coop-row">
              <legend class="ds-label">{t('cooperation.agreement.annex', { n: n + 1 })}</legend>
              <SelectField name={`annexes.${n}.kind`} label={t('cooperation.agreement.annexKindLabel')} form={form} options={kindOptions} />
              <TextField name={`annexes.${n}.title`} label={t('cooperation.agreement.annexTitle')} form={form} maxLength={coopLimits.title} />
              {fileId ? (
                <>
                  <input type="hidden" name={`annexes.${n}.fileId`} value={fileId} />
                  <p>{t('cooperation.agreement.annexDocument', { filename: form.values[`annexes.${n}.filename`] ?? fileId })}</p>
                </>
              ) : (
                <>
                  <SelectField name={`annexes.${n}.planId`} label={t('cooperation.agreement.annexPlan')} form={form} options={planOptions} />
                  <TextField name={`annexes.${n}.path`} label={t('cooperation.agreement.annexPath')} hint={t('cooperation.agreement.annexPathHint')} form={form} maxLength={agreementLimits.path} />
                </>
              )}
            </fieldset>
          );
        }}
      </Rows>

      <fieldset class="ds-fieldset coop-rows">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.agreement.periods')}
        </legend>
        <TextField name="implementationPeriod" label={t('cooperation.agreement.implementationPeriod')} form={form} maxLength={coopLimits.shortText} />
        <TextField name="followUpPeriod" label={t('cooperation.agreement.followUpPeriod')} form={form} maxLength={coopLimits.shortText} />
        <TextField name="updatePeriod" label={t('cooperation.agreement.updatePeriod')} form={form} maxLength={coopLimits.shortText} />
      </fieldset>
      <TextField name="changeNote" label={t('cooperation.agreement.changeNote')} hint={t('cooperation.agreement.changeNoteHint')} form={form} maxLength={coopLimits.shortText} />
    </>
  );
}

function useFieldLabels(): Record<string, string> {
  const { t } = usePage();
  return {
    title: t('cooperation.agreement.title'),
    slug: t('cooperation.agreement.slug'),
    periodStart: t('cooperation.agreement.periodStart'),
    periodEnd: t('cooperation.agreement.periodEnd'),
    purpose: t('cooperation.agreement.purpose'),
    goals: t('cooperation.agreement.goals'),
    policeAreaId: t('cooperation.agreement.policeArea'),
    partnerIds: t('cooperation.agreement.partners'),
    decidedByBody: t('cooperation.agreement.decidedByBody'),
    decidedOn: t('cooperation.agreement.decidedOn'),
    diarienummer: t('cooperation.agreement.diarienummer'),
    file: t('cooperation.agreement.staff.file'),
    kind: t('cooperation.agreement.annexKindLabel'),
  };
}

/** Only the filename of a stored document is kept with the form values, for the row's note. */
export function withDocumentNames(values: Record<string, string>, version: AgreementVersionRow | undefined): Record<string, string> {
  const names: Record<string, string> = { ...values };
  const byId = new Map((version?.content.annexes ?? []).flatMap((a) => (a.document ? [[a.document.fileId, a.document.filename] as const] : [])));
  for (const [key, value] of Object.entries(values)) {
    const match = /^annexes\.(\d+)\.fileId$/.exec(key);
    if (match && byId.has(value)) names[`annexes.${match[1]}.filename`] = byId.get(value)!;
  }
  return names;
}

export function NewAgreementPage({ form, choices }: { form: FormState; choices: AgreementFormChoices }) {
  const page = usePage();
  const { t } = page;
  const title = t('cooperation.agreement.staff.newTitle');
  return (
    <Layout title={title} staff breadcrumbs={useStaffCrumbs(title)}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <ErrorSummary errors={form.errors} labels={useFieldLabels()} />
      <Form action={kommunPath(page, `${staffAgreementsPath}/ny`)} class="coop-agreement-form">
        <AgreementFields form={form} choices={choices} kommunId={page.kommun?.id ?? ''} />
        <SubmitButton>{t('cooperation.agreement.staff.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export interface StaffAgreementProps {
  version: AgreementVersionRow;
  versions: AgreementVersionRow[];
  plans: LinkedPlans;
  choices: AgreementFormChoices;
  form: FormState;
  decisionForm: FormState;
  abilities: { write: boolean; decide: boolean };
  /** The version stored now, when the person's save met someone else's (409). */
  conflict?: AgreementVersionRow;
  /** Why an action was refused (a message key), shown above everything. */
  refusal?: string;
}

function Refusal({ messageKey }: { messageKey: string }) {
  const { t } = usePage();
  return (
    <div class="ds-alert" data-color="danger" role="alert">
      <h2 class="ds-heading" data-size="xs">
        {t('cooperation.agreement.staff.refused')}
      </h2>
      <p>{t(messageKey)}</p>
    </div>
  );
}

function ActionForm({ action, lockVersion, label, lead, variant = 'secondary' }: { action: string; lockVersion: number; label: string; lead: string; variant?: 'primary' | 'secondary' }) {
  return (
    <Form action={action} class="coop-agreement-action">
      <input type="hidden" name="lockVersion" value={String(lockVersion)} />
      <p>{lead}</p>
      <SubmitButton variant={variant}>{label}</SubmitButton>
    </Form>
  );
}

export function StaffAgreementPage(props: StaffAgreementProps) {
  const page = usePage();
  const { t, locale } = page;
  const { version } = props;
  const base = `${staffAgreementsPath}/${version.agreementId}`;
  const isDraft = version.status === 'draft';
  const labels = useFieldLabels();
  const hasPublic = props.versions.some((v) => v.status !== 'draft');
  return (
    <Layout title={version.title} staff breadcrumbs={useStaffCrumbs(version.title)}>
      <h1 class="ds-heading" data-size="lg" lang="sv">
        {version.title}
      </h1>
      <p>
        {t('cooperation.agreement.statusIs', { status: t(`cooperation.agreementStatus.${version.status}`) })} · {t('cooperation.agreement.versionOf', { n: version.versionNo })}
        {hasPublic ? (
          <>
            {' · '}
            <a class="ds-link" href={kommunPath(page, agreementPath(version.slug))}>
              {t('cooperation.agreement.staff.publicPage')}
            </a>
          </>
        ) : null}
      </p>
      {props.refusal ? <Refusal messageKey={props.refusal} /> : null}
      {props.conflict ? (
        <section class="ds-alert coop-conflict" data-color="warning" aria-labelledby="conflict-heading">
          <h2 id="conflict-heading" class="ds-heading" data-size="sm">
            {t('cooperation.agreement.staff.conflictTitle')}
          </h2>
          <p>{t('cooperation.errors.staleEdit')}</p>
          <p>{t('cooperation.agreement.staff.conflictYours')}</p>
          <details class="coop-conflict__saved" open>
            <summary>
              {t('cooperation.agreement.staff.conflictSaved')} ({formatDateTime(locale, props.conflict.updatedAt)})
            </summary>
            <AgreementDocument version={props.conflict} plans={props.plans} />
          </details>
        </section>
      ) : null}

      {isDraft ? (
        <>
          <h2 class="ds-heading" data-size="md">
            {t('cooperation.agreement.staff.draftOf', { n: version.versionNo })}
          </h2>
          {props.abilities.write ? (
            <>
              <ErrorSummary errors={props.form.errors} labels={labels} />
              <p>
                <a class="ds-link" href={kommunPath(page, `${base}/bilagor`)}>
                  {t('cooperation.agreement.staff.annexesPage')}
                </a>
              </p>
              <Form action={kommunPath(page, base)} class="coop-agreement-form">
                <input type="hidden" name="lockVersion" value={String(props.conflict?.lockVersion ?? version.lockVersion)} />
                <AgreementFields form={props.form} choices={props.choices} kommunId={page.kommun?.id ?? ''} />
                <SubmitButton>{t('cooperation.agreement.staff.save')}</SubmitButton>
              </Form>
            </>
          ) : (
            <AgreementDocument version={version} plans={props.plans} />
          )}
          <section class="coop-agreement-decide" aria-labelledby="decide-heading">
            <h2 id="decide-heading" class="ds-heading" data-size="sm">
              {t('cooperation.agreement.staff.decideHeading')}
            </h2>
            {props.abilities.decide ? (
              <>
                <p>{t('cooperation.agreement.staff.decideLead')}</p>
                <ErrorSummary errors={props.decisionForm.errors} labels={labels} />
                <Form action={kommunPath(page, `${base}/besluta`)}>
                  <input type="hidden" name="lockVersion" value={String(version.lockVersion)} />
                  <TextField name="decidedByBody" label={t('cooperation.agreement.decidedByBody')} hint={t('cooperation.agreement.decidedByBodyHint')} form={props.decisionForm} required maxLength={coopLimits.role} />
                  <TextField name="decidedOn" type="date" label={t('cooperation.agreement.decidedOn')} hint={t('cooperation.agreement.dateHint')} form={props.decisionForm} required />
                  <TextField name="diarienummer" label={t('cooperation.agreement.diarienummer')} form={props.decisionForm} maxLength={coopLimits.role} />
                  <SubmitButton>{t('cooperation.agreement.staff.decide')}</SubmitButton>
                </Form>
              </>
            ) : (
              <p>{t('cooperation.agreement.staff.notDeciderNote')}</p>
            )}
          </section>
        </>
      ) : (
        <>
          <p class="ds-alert" data-color="info">
            {t('cooperation.agreement.staff.readOnly', { n: version.versionNo, status: t(`cooperation.agreementStatus.${version.status}`) })}
          </p>
          {props.abilities.decide && version.status === 'decided' ? (
            <ActionForm action={kommunPath(page, `${base}/i-kraft`)} lockVersion={version.lockVersion} label={t('cooperation.agreement.staff.putInForce')} lead={t('cooperation.agreement.staff.putInForceLead')} variant="primary" />
          ) : null}
          {props.abilities.write && (version.status === 'decided' || version.status === 'in_force') ? (
            <ActionForm action={kommunPath(page, `${base}/ny-version`)} lockVersion={version.lockVersion} label={t('cooperation.agreement.staff.newVersion')} lead={t('cooperation.agreement.staff.newVersionLead')} />
          ) : null}
          {props.abilities.decide && version.status === 'in_force' ? (
            <ActionForm action={kommunPath(page, `${base}/avsluta`)} lockVersion={version.lockVersion} label={t('cooperation.agreement.staff.end')} lead={t('cooperation.agreement.staff.endLead')} />
          ) : null}
          <AgreementDocument version={version} plans={props.plans} />
        </>
      )}

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading" class="ds-heading" data-size="sm">
          {t('cooperation.agreement.staff.versionsHeading')}
        </h2>
        <ul class="coop-agreement__version-list">
          {props.versions.map((v, i) => {
            const previous = props.versions[i + 1];
            return (
              <li key={v.versionNo}>
                <a class="ds-link" href={kommunPath(page, `${agreementPath(v.slug)}/versioner/${v.versionNo}`)}>
                  {t('cooperation.agreement.versionOf', { n: v.versionNo })}
                </a>{' '}
                – <AgreementStatusText status={v.status} />
                {previous ? (
                  <>
                    {' – '}
                    <a class="ds-link" href={kommunPath(page, `${agreementPath(v.slug)}/jamfor?fran=${previous.versionNo}&till=${v.versionNo}`)}>
                      {t('cooperation.agreement.compareWithPrevious', { n: previous.versionNo })}
                    </a>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
    </Layout>
  );
}

export function AgreementAnnexesPage(props: { version: AgreementVersionRow; plans: LinkedPlans; form: FormState; uploadMaxBytes: number; refusal?: string }) {
  const page = usePage();
  const { t, locale } = page;
  const { version } = props;
  const base = `${staffAgreementsPath}/${version.agreementId}`;
  const title = t('cooperation.agreement.staff.annexesTitle', { title: version.title });
  const kindOptions = annexKinds.map((k) => ({ value: k, label: t(`cooperation.agreement.annexKind.${k}`) }));
  const editable = version.status === 'draft';
  return (
    <Layout title={title} staff breadcrumbs={useStaffCrumbs(title)}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('cooperation.agreement.staff.annexesLead')}</p>
      {props.refusal ? <Refusal messageKey={props.refusal} /> : null}
      {!editable ? (
        <p class="ds-alert" data-color="info">
          {t('cooperation.agreement.staff.readOnly', { n: version.versionNo, status: t(`cooperation.agreementStatus.${version.status}`) })}
        </p>
      ) : null}
      {version.content.annexes.length === 0 ? (
        <p>{t('cooperation.agreement.noAnnexes')}</p>
      ) : (
        <div class="table-scroll" role="region" tabindex={0} aria-label={t('cooperation.agreement.staff.annexesCaption')}>
          <table class="ds-table staff-table">
            <caption>{t('cooperation.agreement.staff.annexesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cooperation.agreement.staff.colAnnex')}</th>
                <th scope="col">{t('cooperation.agreement.staff.colTarget')}</th>
                {editable ? <th scope="col">{t('cooperation.agreement.staff.colAction')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {version.content.annexes.map((a, i) => (
                <tr key={i}>
                  <th scope="row">
                    {t(`cooperation.agreement.annexKind.${a.kind}`)}: <span lang="sv">{a.title}</span>
                  </th>
                  <td>
                    {a.document ? (
                      <a class="ds-link" href={fileUrl(page.kommun?.slug ?? '', a.document.fileId)}>
                        {a.document.filename}
                      </a>
                    ) : a.planId ? (
                      props.plans.get(a.planId)?.title ?? t('cooperation.agreement.annexPlan')
                    ) : (
                      a.path
                    )}
                    {a.document ? ` (${formatBytes(a.document.sizeBytes, locale)})` : null}
                  </td>
                  {editable ? (
                    <td>
                      <Form action={kommunPath(page, `${base}/bilagor/${i}/ta-bort`)} label={`${t('cooperation.agreement.staff.remove')}: ${a.title}`}>
                        <input type="hidden" name="lockVersion" value={String(version.lockVersion)} />
                        <button type="submit" class="ds-button" data-variant="tertiary">
                          {t('cooperation.agreement.staff.remove')}
                          <span class="ds-sr-only"> {a.title}</span>
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable ? (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading" class="ds-heading" data-size="sm">
            {t('cooperation.agreement.staff.uploadHeading')}
          </h2>
          <ErrorSummary errors={props.form.errors} labels={useFieldLabels()} />
          <Form action={kommunPath(page, `${base}/bilagor`)} multipart>
            <input type="hidden" name="lockVersion" value={String(version.lockVersion)} />
            <SelectField name="kind" label={t('cooperation.agreement.annexKindLabel')} form={props.form} options={kindOptions} required />
            <TextField name="title" label={t('cooperation.agreement.annexTitle')} form={props.form} required maxLength={coopLimits.title} />
            <FileField
              name="file"
              label={t('cooperation.agreement.staff.file')}
              hint={`${t('cooperation.agreement.staff.fileHint')} ${formatBytes(props.uploadMaxBytes, locale)}`}
              form={props.form}
              required
              accept=".pdf,.docx,.odt,.txt,.csv,application/pdf"
            />
            <SubmitButton>{t('cooperation.agreement.staff.upload')}</SubmitButton>
          </Form>
        </section>
      ) : null}
      <p>
        <a class="ds-link" href={kommunPath(page, base)}>
          {t('cooperation.agreement.staff.back')}
        </a>
      </p>
    </Layout>
  );
}
