// Staff pages of reports: the queue (filters as a GET form, bulk actions as a POST form around
// the table's checkboxes) and the response templates.
import { AdminLinks } from './report.admin.views.js';
import { ErrorSummary, Form, KeysetPagination, ScrollRegion, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import type { Organisation } from '../../platform/tenants/tenant.repository.js';
import { categoryName, type ReportCategory } from './report.categories.js';
import { CategoryLabel, DateText, Reference, StatusBadge, whenText } from './report.components.js';
import type { ReportRow } from './report.repository.js';
import { statusLabel } from './report.settings.js';
import { reportStatuses } from './report.states.js';
import type { PlaceFilterView } from './report.staff.places.js';
import type { TemplateRow } from './report.staff.repository.js';
import { moderationFilters, queueSorts, staffLimits } from './report.staff.schemas.js';
import { dayParts } from './report.when.js';

const queuePath = 'admin/rapporter';

export interface QueueData {
  rows: ReportRow[];
  categories: ReportCategory[];
  /** The names of the rows' places. */
  placeNames: Map<string, string>;
  /** The two place filters: a place chosen by id, or a name search and what it found. */
  place: PlaceFilterView;
  area: PlaceFilterView;
  organisations: Organisation[];
  filterForm: FormState;
  bulkForm: FormState;
  olderHref: string | null;
  firstHref: string | null;
  canManage: boolean;
}

export function useStatusOptions() {
  const { t, kommun, locale } = usePage();
  return reportStatuses.map((s) => ({ value: s, label: statusLabel(t, kommun, locale, s) }));
}

export function QueuePage({ data }: { data: QueueData }) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('reports.staff.queue.title');
  const statusOptions = useStatusOptions();
  const any = { value: '', label: t('reports.filter.all') };
  const byCode = new Map(data.categories.map((c) => [c.code, c]));
  const placeNames = data.placeNames;
  const orgNames = new Map(data.organisations.map((o) => [o.id, o.name]));
  const organisationOptions = data.organisations.map((o) => ({ value: o.id, label: o.name }));
  const f = data.filterForm;
  return (
    <Layout title={title} staff breadcrumbs={[{ label: t('reports.staff.admin'), href: kommunPath(page, 'admin') }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <AdminLinks canManage={data.canManage} />
      <ErrorSummary
        errors={{ ...f.errors, ...data.bulkForm.errors }}
        labels={{
          fran: t('reports.staff.queue.from'),
          till: t('reports.staff.queue.until'),
          platsnamn: t('reports.staff.queue.place'),
          omradesnamn: t('reports.staff.queue.area'),
          ids: t('reports.staff.bulk.choose'),
          bulkStatus: t('reports.filter.status'),
          bulkOrganisationId: t('reports.staff.assign.organisation'),
        }}
      />
      {/* Filters: every choice, "Alla" and empty fields included, is an answer; the browser checks nothing here. */}
      <form method="get" action={kommunPath(page, queuePath)} class="report-filters" aria-label={t('reports.filter.label')} novalidate>
        <SelectField name="granskning" label={t('reports.staff.queue.moderation')} form={f} filter options={[any, ...moderationFilters.map((m) => ({ value: m, label: t(`reports.staff.moderation.${m}`) }))]} />
        <SelectField name="status" label={t('reports.filter.status')} form={f} filter options={[any, ...statusOptions]} />
        <SelectField name="typ" label={t('reports.staff.queue.kind')} form={f} filter options={[any, ...(['open', 'fixed', 'closed'] as const).map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))]} />
        <SelectField name="kategori" label={t('reports.filter.category')} form={f} filter options={[any, ...data.categories.map((c) => ({ value: c.code, label: categoryName(c, locale) }))]} />
        <PlaceFilterField idName="plats" textName="platsnamn" label={t('reports.staff.queue.place')} hint={t('reports.staff.queue.placeHint')} view={data.place} form={f} />
        <PlaceFilterField idName="omrade" textName="omradesnamn" label={t('reports.staff.queue.area')} hint={t('reports.staff.queue.areaHint', { m: String(staffLimits.areaRadiusMetres) })} view={data.area} form={f} />
        <TextField name="fran" type="date" label={t('reports.staff.queue.from')} form={f} filter />
        <TextField name="till" type="date" label={t('reports.staff.queue.until')} form={f} filter />
        <SelectField name="tid" label={t('reports.filter.time')} form={f} filter options={[{ value: '', label: t('reports.filter.anyTime') }, ...dayParts.map((p) => ({ value: p, label: t(`reports.when.${p}`) }))]} />
        <SelectField name="tilldelad" label={t('reports.staff.queue.assigned')} form={f} filter options={[any, { value: 'ingen', label: t('reports.staff.queue.unassigned') }, ...organisationOptions]} />
        <SelectField name="sortering" label={t('reports.staff.queue.sort')} form={f} filter options={Object.keys(queueSorts).map((s) => ({ value: s, label: t(`reports.staff.sort.${s}`) }))} />
        {f.values.bbox ? <input type="hidden" name="bbox" value={f.values.bbox} /> : null}
        <SubmitButton variant="secondary">{t('reports.filter.apply')}</SubmitButton>
      </form>
      <PlaceMatches idName="plats" textName="platsnamn" view={data.place} form={f} />
      <PlaceMatches idName="omrade" textName="omradesnamn" view={data.area} form={f} area />
      {data.rows.length === 0 ? (
        <p>{t('reports.staff.queue.empty')}</p>
      ) : (
        <Form action={kommunPath(page, `${queuePath}/massatgard`)} label={t('reports.staff.bulk.label')}>
          <ScrollRegion label={title}>
            <table class="ds-table report-queue" id="field-ids" tabindex={-1}>
              <caption>{t('reports.staff.queue.caption', { n: String(data.rows.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.staff.bulk.choose')}</th>
                  <th scope="col">{t('reports.staff.queue.reference')}</th>
                  <th scope="col">{t('reports.filter.category')}</th>
                  <th scope="col">{t('reports.filter.status')}</th>
                  <th scope="col">{t('reports.staff.queue.moderation')}</th>
                  <th scope="col">{t('reports.page.sent')}</th>
                  <th scope="col">{t('reports.review.when')}</th>
                  <th scope="col">{t('reports.page.supportersTitle')}</th>
                  <th scope="col">{t('reports.staff.queue.assigned')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <input type="checkbox" class="ds-input" name="ids" value={r.id} id={`pick-${r.id}`} aria-label={t('reports.staff.bulk.pick', { reference: r.reference.slice(0, 4) + '-' + r.reference.slice(4) })} />
                    </td>
                    <th scope="row">
                      <a class="ds-link" href={kommunPath(page, `${queuePath}/${r.id}`)}>
                        <Reference reference={r.reference} />
                      </a>
                    </th>
                    <td>
                      <CategoryLabel category={byCode.get(r.category_code)} code={r.category_code} />
                      {r.place_id && placeNames.get(r.place_id) ? `, ${placeNames.get(r.place_id)}` : ''}
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>{t(`reports.staff.moderationState.${r.moderation}`)}</td>
                    <td>
                      <DateText iso={r.created_at} />
                    </td>
                    <td>{whenText(t, r.when_parts, r.when_days)}</td>
                    <td>{r.supporters}</td>
                    <td>{r.assigned_organisation_id ? (orgNames.get(r.assigned_organisation_id) ?? '') : t('reports.staff.queue.unassigned')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <fieldset class="ds-fieldset report-bulk">
            <legend class="ds-label">{t('reports.staff.bulk.legend')}</legend>
            <SelectField
              name="action"
              label={t('reports.staff.bulk.action')}
              form={data.bulkForm}
              required
              options={[
                { value: 'status', label: t('reports.staff.bulk.setStatus') },
                { value: 'assign', label: t('reports.staff.bulk.assign') },
                { value: 'publish', label: t('reports.staff.bulk.publish') },
              ]}
            />
            <SelectField name="bulkStatus" label={t('reports.staff.bulk.newStatus')} form={data.bulkForm} options={[{ value: '', label: t('reports.staff.choose') }, ...useStatusOptions().filter((o) => o.value !== 'duplicate')]} />
            <SelectField name="bulkOrganisationId" label={t('reports.staff.bulk.organisation')} form={data.bulkForm} options={[{ value: '', label: t('reports.staff.choose') }, ...organisationOptions]} />
            <p class="field__hint">{t('reports.staff.bulk.publishHint')}</p>
            <SubmitButton variant="secondary">{t('reports.staff.bulk.submit')}</SubmitButton>
          </fieldset>
        </Form>
      )}
      <KeysetPagination newerHref={data.firstHref} olderHref={data.olderHref} />
    </Layout>
  );
}

/** The queue's address with the current filters changed (`undefined` removes one); always its first page. */
function queueHref(path: string, values: Record<string, string>, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...values, ...changes })) if (key !== 'efter' && value) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

interface PlaceFilterProps {
  /** The query's names: the place's id (a link), and text searched in names (the field). */
  idName: 'plats' | 'omrade';
  textName: 'platsnamn' | 'omradesnamn';
  view: PlaceFilterView;
  form: FormState;
}

/**
 * A place filter: a place chosen by id shows by name with a link that removes it; otherwise a text
 * field searched in the kommun's place names (no list of every place: a kommun may have thousands).
 */
function PlaceFilterField({ idName, textName, label, hint, view, form }: PlaceFilterProps & { label: string; hint: string }) {
  const page = usePage();
  const { t } = page;
  if (view.chosen) {
    const id = `${idName}-chosen`;
    return (
      <div class="ds-field field report-place-chosen" role="group" aria-labelledby={id}>
        <span class="ds-label" id={id}>
          {label}
        </span>
        <p>
          <strong>{view.chosen.name}</strong>{' '}
          <a class="ds-link" href={queueHref(kommunPath(page, queuePath), form.values, { [idName]: undefined, [textName]: undefined })}>
            {t('reports.staff.queue.placeRemove')}
            <span class="ds-sr-only"> {t('reports.staff.queue.placeRemoveWhat', { label, name: view.chosen.name })}</span>
          </a>
        </p>
        <input type="hidden" name={idName} value={view.chosen.id} />
      </div>
    );
  }
  return <TextField name={textName} type="search" label={label} hint={hint} form={form} filter maxLength={staffLimits.placeSearch} autocomplete="off" />;
}

/** Under the filters: which places a name search used, and each place it found as a link choosing it alone. */
function PlaceMatches({ idName, textName, view, form, area }: PlaceFilterProps & { area?: boolean }) {
  const page = usePage();
  const { t } = page;
  if (view.chosen || view.matches.length === 0) return null;
  const text = view.text ?? '';
  const [one] = view.using;
  const using = !one
    ? t('reports.staff.queue.areaChoose', { text })
    : area
      ? t('reports.staff.queue.areaUsing', { name: one.name, m: String(staffLimits.areaRadiusMetres) })
      : view.using.length === 1
        ? t('reports.staff.queue.placeUsingOne', { name: one.name })
        : t('reports.staff.queue.placeUsingMany', { n: String(view.using.length), text });
  const others = view.matches.length > 1 || !one;
  const headingId = `${idName}-matches`;
  return (
    <section class="report-place-matches" aria-labelledby={headingId}>
      <p id={headingId}>{using}</p>
      {others ? (
        <>
          <p>{t(area ? 'reports.staff.queue.areaChooseOne' : 'reports.staff.queue.placeChoose')}</p>
          <ul class="ds-list">
            {view.matches.map((m) => (
              <li key={m.id}>
                <a class="ds-link" href={queueHref(kommunPath(page, queuePath), form.values, { [idName]: m.id, [textName]: undefined })}>
                  {m.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.more ? <p>{t('reports.staff.queue.placeMore', { n: String(staffLimits.placeMatches) })}</p> : null}
    </section>
  );
}

function TemplateFields({ form }: { form: FormState }) {
  const { t } = usePage();
  return (
    <>
      <SelectField name="status" label={t('reports.staff.templates.status')} hint={t('reports.staff.templates.statusHint')} form={form} options={[{ value: '', label: t('reports.staff.templates.anyStatus') }, ...useStatusOptions()]} />
      <TextField name="title" label={t('reports.staff.templates.name')} form={form} required maxLength={staffLimits.templateTitle} />
      <TextArea name="body" label={t('reports.staff.templates.body')} form={form} required maxLength={staffLimits.templateBody} counter />
      <TextField name="position" type="number" label={t('reports.staff.templates.position')} form={form} inputMode="numeric" />
    </>
  );
}

function templateLabels(t: (key: string) => string) {
  return { title: t('reports.staff.templates.name'), body: t('reports.staff.templates.body'), status: t('reports.staff.templates.status'), position: t('reports.staff.templates.position') };
}

export function TemplatesPage({ templates, form }: { templates: TemplateRow[]; form: FormState }) {
  const page = usePage();
  const { t, kommun, locale } = page;
  const title = t('reports.staff.templates.title');
  return (
    <Layout title={title} staff breadcrumbs={[{ label: t('reports.staff.queue.title'), href: kommunPath(page, queuePath) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('reports.staff.templates.lead')}</p>
      {templates.length === 0 ? (
        <p>{t('reports.staff.templates.empty')}</p>
      ) : (
        <ul class="report-templates">
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <a class="ds-link" href={kommunPath(page, `${queuePath}/mallar/${tpl.id}`)}>
                {tpl.title}
              </a>{' '}
              ({tpl.status ? statusLabel(t, kommun, locale, tpl.status) : t('reports.staff.templates.anyStatus')})
            </li>
          ))}
        </ul>
      )}
      <h2 class="ds-heading" data-size="md">
        {t('reports.staff.templates.new')}
      </h2>
      <ErrorSummary errors={form.errors} labels={templateLabels(t)} />
      <Form action={kommunPath(page, `${queuePath}/mallar`)}>
        <TemplateFields form={form} />
        <SubmitButton>{t('reports.staff.templates.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export function TemplateEditPage({ template, form }: { template: TemplateRow; form: FormState }) {
  const page = usePage();
  const { t } = page;
  const title = t('reports.staff.templates.edit', { title: template.title });
  return (
    <Layout title={title} staff breadcrumbs={[{ label: t('reports.staff.queue.title'), href: kommunPath(page, queuePath) }, { label: t('reports.staff.templates.title'), href: kommunPath(page, `${queuePath}/mallar`) }, { label: title }]}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <ErrorSummary errors={form.errors} labels={templateLabels(t)} />
      <Form action={kommunPath(page, `${queuePath}/mallar/${template.id}`)}>
        <TemplateFields form={form} />
        <SubmitButton>{t('reports.staff.templates.save')}</SubmitButton>
      </Form>
      <Form action={kommunPath(page, `${queuePath}/mallar/${template.id}/ta-bort`)}>
        <SubmitButton variant="tertiary">{t('reports.staff.templates.delete')}</SubmitButton>
      </Form>
    </Layout>
  );
}
