// The abuse protection's parts of the report pages: the honeypot, the proof-of-work element
// (solved by client/report-pow.js), the page that asks a browser without JavaScript to confirm
// once more, and the thanks a honeypot-caught sender gets.
import { ErrorSummary, fieldId, Form, SubmitButton, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { abuseFields, numberInWords, type Confirmation, type PowChallenge } from './report.abuse.js';
import { reportPaths } from './report.paths.js';

/** A field people never see or reach; a bot filling in every field fills it in too. */
export function Honeypot() {
  const { t } = usePage();
  const id = fieldId(abuseFields.honeypot);
  return (
    <div class="report-honeypot" aria-hidden="true">
      <label for={id}>{t('reports.abuse.honeypot')}</label>
      <input type="text" id={id} name={abuseFields.honeypot} value="" tabindex={-1} autocomplete="off" />
    </div>
  );
}

/** The challenge the browser solves before the send; without JavaScript the field stays empty. */
export function PowWidget({ challenge }: { challenge: PowChallenge }) {
  const { t } = usePage();
  return (
    <>
      <input type="hidden" name={abuseFields.solution} value="" />
      <p class="report-pow" data-module="report-pow" data-challenge={JSON.stringify(challenge)} data-working={t('reports.abuse.working')} aria-live="polite"></p>
    </>
  );
}

/** The posted values as hidden fields, a repeated name once per value. */
export function HiddenValues({ fields }: { fields: Record<string, string | string[]> }) {
  return (
    <>
      {Object.entries(fields).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((v, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={v} />),
      )}
    </>
  );
}

export interface ConfirmPageProps {
  fields: Record<string, string | string[]>;
  confirmation: Confirmation;
  challenge: PowChallenge;
  problem?: string | undefined;
}

/** The send without a proof of work: confirm once more, every value kept in the form. */
export function ReportConfirmPage({ fields, confirmation, challenge, problem }: ConfirmPageProps) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('reports.abuse.confirmTitle');
  const label = t('reports.abuse.question', { number: numberInWords(confirmation.number, locale) });
  const form: FormState = {
    values: {},
    errors: problem === 'reports.abuse.wrongAnswer' ? { [abuseFields.confirmAnswer]: problem } : problem ? { _form: problem } : {},
  };
  return (
    <Layout title={title} residentsWrite breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('reports.form.title'), href: kommunPath(page, reportPaths.start) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <ErrorSummary errors={form.errors} labels={{ [abuseFields.confirmAnswer]: label }} />
      <p class="lead">{t('reports.abuse.confirmLead')}</p>
      <Form action={kommunPath(page, reportPaths.start)} class="report-form report-form--send">
        <HiddenValues fields={fields} />
        <input type="hidden" name={abuseFields.confirmToken} value={confirmation.token} />
        <TextField name={abuseFields.confirmAnswer} label={label} hint={t('reports.abuse.questionHint')} form={form} inputMode="numeric" autocomplete="off" maxLength={5} />
        <Honeypot />
        <PowWidget challenge={challenge} />
        <div class="report-actions">
          <SubmitButton>{t('reports.review.send')}</SubmitButton>
          <button type="submit" class="ds-button" data-variant="secondary" formaction={kommunPath(page, reportPaths.change)}>
            {t('reports.review.change')}
          </button>
        </div>
      </Form>
    </Layout>
  );
}

/** What a sender caught by the honeypot sees: thanks, like anyone; nothing was stored. */
export function ReportThanksPage() {
  const page = usePage();
  const { t } = page;
  const title = t('reports.receipt.title');
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p>{t('reports.receipt.next1')}</p>
    </Layout>
  );
}
