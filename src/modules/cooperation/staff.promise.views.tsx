// The staff's löfte pages: the draft form (numbered promise and signatory slots, each promise
// linked to activities grouped by plan), the published text beside a draft of a new version, the
// lifecycle buttons and the löfte's own follow-up timeline.
import { ErrorSummary, Form, SelectField, SubmitButton, TextArea, TextField, fieldId, type FormState } from '../../platform/views/components.js';
import { splitMessage } from '../../platform/http/forms.js';
import { Layout } from '../../platform/views/layout.js';
import { renderMarkdown } from '../../platform/views/markdown.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { Period } from './cooperation.components.js';
import { coopLimits } from './cooperation.schemas.js';
import type { PromiseVersionRow } from './promise.repository.js';
import { promiseLimits, promiseParties } from './promise.schemas.js';
import type { TimelineProps } from './staff.entry.views.js';
import { Timeline } from './staff.entry.views.js';
import { promiseItemSlots, signatorySlots } from './staff.form.js';
import { ConflictPanel, LinkButton, ReadOnlyNote, Refusal, staffBase, useCoopCrumbs, type Conflict } from './staff.views.js';

export type ActivityChoiceGroups = { planId: string; planTitle: string; activities: { id: string; title: string }[] }[];

export function usePromiseLabels(slots: number): Record<string, string> {
  const { t } = usePage();
  const labels: Record<string, string> = {};
  for (const k of ['title', 'slug', 'periodStart', 'periodEnd', 'situation', 'expectedEffect', 'followUp', 'changeNote', 'items']) labels[k] = t(`cooperation.staff.promise.${k}`);
  for (let i = 0; i < slots; i += 1) {
    const n = String(i + 1);
    labels[`items.${i}.party`] = t('cooperation.staff.promise.itemParty', { n });
    labels[`items.${i}.text`] = t('cooperation.staff.promise.itemText', { n });
    labels[`items.${i}.activityIds`] = t('cooperation.staff.promise.itemActivities', { n });
  }
  for (let i = 0; i < signatorySlots; i += 1) {
    const n = String(i + 1);
    labels[`signatories.${i}.role`] = t('cooperation.staff.promise.signatoryRole', { n });
    labels[`signatories.${i}.organisation`] = t('cooperation.staff.promise.signatoryOrganisation', { n });
  }
  return labels;
}

/** How many item slots the form shows: the usual six, or one more than are filled (up to the limit). */
export function itemSlotCount(values: Record<string, string>): number {
  let filled = 0;
  for (let i = 0; i < promiseLimits.items; i += 1) if (values[`items.${i}.text`]) filled = i + 1;
  return Math.min(promiseLimits.items, Math.max(promiseItemSlots, filled + 1));
}

function ActivityLinks({ slot, form, groups, label }: { slot: number; form: FormState; groups: ActivityChoiceGroups; label: string }) {
  const { t } = usePage();
  const name = `items.${slot}.activityIds`;
  const id = fieldId(name);
  const checked = new Set((form.values[name] ?? '').split('\n'));
  const error = form.errors[name];
  const message = error ? splitMessage(error) : undefined;
  return (
    <fieldset class="ds-fieldset field coop-choices" id={id} tabindex={-1} data-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend class="ds-label">{label}</legend>
      {message ? (
        <div class="ds-validation-message field__error" id={`${id}-error`} data-color="danger">
          <span class="ds-sr-only">{t('form.errorPrefix')} </span>
          {t(message.key, message.params)}
        </div>
      ) : null}
      {groups.length === 0 ? <p>{t('cooperation.staff.noChoices')}</p> : null}
      {groups.map((group) => (
        <fieldset class="ds-fieldset coop-choices__group" key={group.planId}>
          <legend class="ds-label">{group.planTitle}</legend>
          {group.activities.map((a) => (
            <div class="ds-field field--checkbox" key={a.id}>
              <input class="ds-input" type="checkbox" id={`${id}-${a.id}`} name={name} value={a.id} checked={checked.has(a.id)} />
              <label class="ds-label" for={`${id}-${a.id}`}>
                {a.title}
              </label>
            </div>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}

function PromiseFields({ form, groups, slots }: { form: FormState; groups: ActivityChoiceGroups; slots: number }) {
  const { t } = usePage();
  const labels = usePromiseLabels(slots);
  return (
    <>
      <TextField name="title" label={labels.title!} form={form} required maxLength={coopLimits.title} />
      <TextField name="slug" label={labels.slug!} form={form} hint={t('cooperation.staff.slugHint')} maxLength={coopLimits.slug} />
      <div class="coop-dates">
        <TextField name="periodStart" type="date" label={labels.periodStart!} form={form} required hint={t('cooperation.staff.dateHint')} />
        <TextField name="periodEnd" type="date" label={labels.periodEnd!} form={form} required hint={t('cooperation.staff.dateHint')} />
      </div>
      <TextArea name="situation" label={labels.situation!} form={form} hint={t('cooperation.staff.promise.situationHint')} rows={6} maxLength={coopLimits.body} />
      <div id={fieldId('items')} tabindex={-1}>
        {Array.from({ length: slots }, (_, slot) => (
          <fieldset class="ds-fieldset coop-slot" key={slot}>
            <legend class="ds-heading" data-size="xs">
              {t('cooperation.staff.promise.itemLegend', { n: String(slot + 1) })}
            </legend>
            <SelectField name={`items.${slot}.party`} label={labels[`items.${slot}.party`]!} form={form} options={promiseParties.map((p) => ({ value: p, label: t(`cooperation.promiseParty.${p}`) }))} />
            <TextArea name={`items.${slot}.text`} label={labels[`items.${slot}.text`]!} form={form} rows={2} maxLength={coopLimits.shortText} />
            <ActivityLinks slot={slot} form={form} groups={groups} label={labels[`items.${slot}.activityIds`]!} />
          </fieldset>
        ))}
      </div>
      <TextArea name="expectedEffect" label={labels.expectedEffect!} form={form} rows={3} maxLength={coopLimits.shortText} />
      <TextArea name="followUp" label={labels.followUp!} form={form} hint={t('cooperation.staff.promise.followUpHint')} rows={3} maxLength={coopLimits.shortText} />
      <fieldset class="ds-fieldset">
        <legend class="ds-heading" data-size="xs">
          {t('cooperation.staff.promise.signatories')}
        </legend>
        {Array.from({ length: signatorySlots }, (_, slot) => (
          <div class="coop-dates" key={slot}>
            <TextField name={`signatories.${slot}.role`} label={labels[`signatories.${slot}.role`]!} form={form} maxLength={coopLimits.role} />
            <TextField name={`signatories.${slot}.organisation`} label={labels[`signatories.${slot}.organisation`]!} form={form} maxLength={coopLimits.title} />
          </div>
        ))}
      </fieldset>
      <TextArea name="changeNote" label={labels.changeNote!} form={form} hint={t('cooperation.staff.promise.changeNoteHint')} rows={2} maxLength={coopLimits.shortText} />
    </>
  );
}

export function NewPromisePage({ form, groups }: { form: FormState; groups: ActivityChoiceGroups }) {
  const page = usePage();
  const { t } = page;
  const heading = t('cooperation.staff.promise.newHeading');
  const slots = itemSlotCount(form.values);
  return (
    <Layout title={heading} staff breadcrumbs={useCoopCrumbs({ label: heading })}>
      <h1 class="ds-heading" data-size="lg">
        {heading}
      </h1>
      <ErrorSummary errors={form.errors} labels={usePromiseLabels(slots)} />
      <Form action={kommunPath(page, `${staffBase}/loften/ny`)} class="coop-form">
        <PromiseFields form={form} groups={groups} slots={slots} />
        <SubmitButton>{t('cooperation.staff.promise.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** A version's text, read-only: what residents see (or will see). */
export function PromiseText({ version, groups }: { version: PromiseVersionRow; groups: ActivityChoiceGroups }) {
  const { t, locale } = usePage();
  const titles = new Map(groups.flatMap((g) => g.activities.map((a) => [a.id, a.title] as const)));
  const c = version.content;
  return (
    <div class="coop-promise-text">
      <p>
        <strong>{version.title}</strong> · <Period start={version.periodStart} end={version.periodEnd} />
      </p>
      {c.situation ? <div class="coop-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(c.situation, locale) }} /> : null}
      <ol>
        {c.items.map((item, i) => (
          <li key={i}>
            <strong>{t(`cooperation.promiseParty.${item.party}`)}</strong> {item.text}
            {item.activityIds.length > 0 ? <span class="coop-meta"> ({item.activityIds.map((id) => titles.get(id) ?? '?').join('; ')})</span> : null}
          </li>
        ))}
      </ol>
      {c.expectedEffect ? <p>{c.expectedEffect}</p> : null}
      {c.followUp ? <p>{c.followUp}</p> : null}
      {c.signatories.length > 0 ? <p>{c.signatories.map((s) => `${s.role}, ${s.organisation}`).join(' · ')}</p> : null}
    </div>
  );
}

export interface PromisePageProps {
  version: PromiseVersionRow;
  published?: PromiseVersionRow | undefined;
  groups: ActivityChoiceGroups;
  form: FormState;
  conflict?: Conflict;
  refusal?: string;
  canWrite: boolean;
  canDecide: boolean;
  timeline: TimelineProps;
}

export function PromisePage(props: PromisePageProps) {
  const page = usePage();
  const { t } = page;
  const { version: v, form } = props;
  const slots = itemSlotCount(form.values);
  const labels = usePromiseLabels(slots);
  const base = `${staffBase}/loften/${v.promiseId}`;
  const isDraft = v.status === 'draft';
  const showsPublished = isDraft && props.published && props.published.versionNo !== v.versionNo;
  return (
    <Layout title={v.title} staff breadcrumbs={useCoopCrumbs({ label: v.title })}>
      <h1 class="ds-heading" data-size="lg">
        {v.title}
      </h1>
      <p class="coop-meta">
        {t('cooperation.staff.promise.versionStatus', { n: String(v.versionNo), status: t(`cooperation.promiseStatus.${v.status}`) })}
      </p>
      <Refusal messageKey={props.refusal} />
      <ErrorSummary errors={form.errors} labels={labels} />
      {props.conflict ? <ConflictPanel conflict={props.conflict} yours={form.values} labels={labels} /> : null}
      <section class="coop-panel" aria-labelledby="promise-actions-heading">
        <h2 id="promise-actions-heading" class="ds-heading" data-size="sm">
          {t('cooperation.staff.promise.actions')}
        </h2>
        {isDraft && props.canDecide ? (
          <Form action={kommunPath(page, `${base}/publicera`)} class="inline-form">
            <input type="hidden" name="lockVersion" value={String(v.lockVersion)} />
            <SubmitButton>{t('cooperation.staff.promise.publish')}</SubmitButton>
          </Form>
        ) : null}
        {isDraft && !props.canDecide ? <p>{t('cooperation.staff.promise.publishByDeciders')}</p> : null}
        {!isDraft && v.status !== 'ended' && props.canWrite ? (
          <Form action={kommunPath(page, `${base}/ny-version`)} class="inline-form">
            <SubmitButton variant="secondary">{t('cooperation.staff.promise.newVersion')}</SubmitButton>
          </Form>
        ) : null}
        {v.status === 'published' && props.canDecide ? (
          <Form action={kommunPath(page, `${base}/avsluta`)} class="inline-form">
            <SubmitButton variant="tertiary">{t('cooperation.staff.promise.end')}</SubmitButton>
          </Form>
        ) : null}
        {props.canWrite ? <LinkButton href={kommunPath(page, `${base}/uppfoljning`)}>{t('cooperation.staff.entry.add')}</LinkButton> : null}
      </section>
      <div class={showsPublished ? 'coop-sidebyside' : undefined}>
        <section aria-labelledby="promise-draft-heading">
          <h2 id="promise-draft-heading" class="ds-heading" data-size="sm">
            {t(isDraft ? 'cooperation.staff.promise.draftHeading' : 'cooperation.staff.promise.textHeading')}
          </h2>
          {isDraft && props.canWrite ? (
            <Form action={kommunPath(page, base)} class="coop-form">
              <input type="hidden" name="lockVersion" value={String(props.conflict?.lockVersion ?? v.lockVersion)} />
              <PromiseFields form={form} groups={props.groups} slots={slots} />
              <SubmitButton>{t(props.conflict ? 'cooperation.staff.saveAnyway' : 'cooperation.staff.promise.saveDraft')}</SubmitButton>
            </Form>
          ) : (
            <>
              <ReadOnlyNote messageKey={isDraft ? 'cooperation.staff.readOnlyNoRight' : 'cooperation.staff.promise.readOnlyPublished'} />
              <PromiseText version={v} groups={props.groups} />
            </>
          )}
        </section>
        {showsPublished ? (
          <section aria-labelledby="promise-published-heading" class="coop-published">
            <h2 id="promise-published-heading" class="ds-heading" data-size="sm">
              {t('cooperation.staff.promise.publishedHeading', { n: String(props.published!.versionNo) })}
            </h2>
            <PromiseText version={props.published!} groups={props.groups} />
          </section>
        ) : null}
      </div>
      <Timeline {...props.timeline} />
    </Layout>
  );
}
