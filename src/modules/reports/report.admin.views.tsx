// Administration pages of reports: the categories (a list with activate/deactivate, a page per
// category and one for a new one, extra questions in fixed slots) and the blocked senders.
import { Checkbox, ErrorSummary, Form, ScrollRegion, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import type { BlockedRow } from './report.admin.repository.js';
import type { AdminCategory } from './report.admin.service.js';
import { questionSlots, slotField, valueLinesOf } from './report.admin.schemas.js';
import { categoryLimits, categoryName, questionDatatypes, type ReportCategory } from './report.categories.js';
import { DateText, Reference } from './report.components.js';

const queuePath = 'admin/rapporter';
export const adminPaths = {
  categories: `${queuePath}/kategorier`,
  newCategory: `${queuePath}/kategorier/ny`,
  category: (code: string) => `${queuePath}/kategorier/${code}`,
  categoryActive: (code: string) => `${queuePath}/kategorier/${code}/aktiv`,
  blocked: `${queuePath}/blockerade`,
  unblock: (id: string) => `${queuePath}/blockerade/${id}/ta-bort`,
  block: (reportId: string) => `${queuePath}/${reportId}/blockera`,
  open311: `${queuePath}/open311`,
  templates: `${queuePath}/mallar`,
} as const;

/** The form's values for a saved category. */
export function categoryFormValues(category: AdminCategory): Record<string, string> {
  const values: Record<string, string> = {
    name_sv: category.name.sv,
    name_en: category.name.en,
    description_sv: category.description.sv,
    description_en: category.description.en,
    notice_sv: category.notice.sv,
    notice_en: category.notice.en,
    position: String(category.position),
    updatedAt: category.updatedAt,
  };
  if (category.sensitive) values.sensitive = 'on';
  if (category.publishAtOnce) values.publishAtOnce = 'on';
  category.questions.forEach((q, i) => {
    values[slotField(i, 'code')] = q.code;
    values[slotField(i, 'datatype')] = q.datatype;
    if (q.required) values[slotField(i, 'required')] = 'on';
    values[slotField(i, 'label_sv')] = q.label.sv;
    values[slotField(i, 'label_en')] = q.label.en;
    values[slotField(i, 'hint_sv')] = q.hint.sv;
    values[slotField(i, 'hint_en')] = q.hint.en;
    values[slotField(i, 'values')] = valueLinesOf(q);
  });
  return values;
}

function fieldLabels(t: (key: string, params?: Record<string, string | number>) => string): Record<string, string> {
  const labels: Record<string, string> = {
    code: t('reports.admin.categories.code'),
    name_sv: t('reports.admin.categories.nameSv'),
    name_en: t('reports.admin.categories.nameEn'),
    description_sv: t('reports.admin.categories.descriptionSv'),
    description_en: t('reports.admin.categories.descriptionEn'),
    notice_sv: t('reports.admin.categories.noticeSv'),
    notice_en: t('reports.admin.categories.noticeEn'),
    position: t('reports.admin.categories.position'),
  };
  for (const i of questionSlots) {
    const n = t('reports.admin.categories.question', { n: i + 1 });
    labels[slotField(i, 'code')] = `${n}: ${t('reports.admin.categories.questionCode')}`;
    labels[slotField(i, 'datatype')] = `${n}: ${t('reports.admin.categories.datatype')}`;
    labels[slotField(i, 'label_sv')] = `${n}: ${t('reports.admin.categories.labelSv')}`;
    labels[slotField(i, 'label_en')] = `${n}: ${t('reports.admin.categories.labelEn')}`;
    labels[slotField(i, 'hint_sv')] = `${n}: ${t('reports.admin.categories.hintSv')}`;
    labels[slotField(i, 'hint_en')] = `${n}: ${t('reports.admin.categories.hintEn')}`;
    labels[slotField(i, 'values')] = `${n}: ${t('reports.admin.categories.values')}`;
  }
  return labels;
}

/** Slots shown: every filled one and two empty ones, at most the limit. */
function slotsShown(form: FormState): number[] {
  let last = -1;
  for (const i of questionSlots) if ((['code', 'label_sv', 'label_en', 'values'] as const).some((f) => (form.values[slotField(i, f)] ?? '').trim() !== '')) last = i;
  return questionSlots.slice(0, Math.min(categoryLimits.questions, last + 3));
}

function CategoryFields({ form, withCode }: { form: FormState; withCode: boolean }) {
  const { t } = usePage();
  const datatypeOptions = questionDatatypes.map((d) => ({ value: d, label: t(`reports.admin.categories.datatype_${d}`) }));
  return (
    <>
      {withCode ? <TextField name="code" label={t('reports.admin.categories.code')} hint={t('reports.admin.categories.codeHint')} form={form} required maxLength={categoryLimits.code} /> : null}
      <input type="hidden" name="updatedAt" value={form.values.updatedAt ?? ''} />
      <TextField name="name_sv" label={t('reports.admin.categories.nameSv')} form={form} required maxLength={categoryLimits.name} />
      <TextField name="name_en" label={t('reports.admin.categories.nameEn')} form={form} maxLength={categoryLimits.name} />
      <TextArea name="description_sv" label={t('reports.admin.categories.descriptionSv')} form={form} maxLength={categoryLimits.description} rows={2} />
      <TextArea name="description_en" label={t('reports.admin.categories.descriptionEn')} form={form} maxLength={categoryLimits.description} rows={2} />
      <TextArea name="notice_sv" label={t('reports.admin.categories.noticeSv')} hint={t('reports.admin.categories.noticeHint')} form={form} maxLength={categoryLimits.notice} rows={3} />
      <TextArea name="notice_en" label={t('reports.admin.categories.noticeEn')} form={form} maxLength={categoryLimits.notice} rows={3} />
      <Checkbox name="sensitive" label={t('reports.admin.categories.sensitive')} form={form} />
      <Checkbox name="publishAtOnce" label={t('reports.admin.categories.publishAtOnce')} form={form} />
      <TextField name="position" type="number" label={t('reports.admin.categories.position')} hint={t('reports.admin.categories.positionHint')} form={form} inputMode="numeric" />
      <h2 class="ds-heading" data-size="md">
        {t('reports.admin.categories.questions')}
      </h2>
      <p>{t('reports.admin.categories.questionsHint')}</p>
      {slotsShown(form).map((i) => (
        <fieldset class="ds-fieldset report-question-slot" key={i}>
          <legend>{t('reports.admin.categories.question', { n: i + 1 })}</legend>
          <TextField name={slotField(i, 'code')} label={t('reports.admin.categories.questionCode')} hint={t('reports.admin.categories.questionCodeHint')} form={form} maxLength={40} />
          <SelectField name={slotField(i, 'datatype')} label={t('reports.admin.categories.datatype')} form={form} options={datatypeOptions} required />
          <Checkbox name={slotField(i, 'required')} label={t('reports.admin.categories.required')} form={form} />
          <TextField name={slotField(i, 'label_sv')} label={t('reports.admin.categories.labelSv')} form={form} maxLength={categoryLimits.questionLabel} />
          <TextField name={slotField(i, 'label_en')} label={t('reports.admin.categories.labelEn')} form={form} maxLength={categoryLimits.questionLabel} />
          <TextField name={slotField(i, 'hint_sv')} label={t('reports.admin.categories.hintSv')} form={form} maxLength={categoryLimits.questionLabel} />
          <TextField name={slotField(i, 'hint_en')} label={t('reports.admin.categories.hintEn')} form={form} maxLength={categoryLimits.questionLabel} />
          <TextArea name={slotField(i, 'values')} label={t('reports.admin.categories.values')} hint={t('reports.admin.categories.valuesHint')} form={form} rows={3} />
        </fieldset>
      ))}
    </>
  );
}

function useCrumbs(extra: { label: string; href?: string }[]) {
  const page = usePage();
  return [{ label: page.t('reports.staff.queue.title'), href: kommunPath(page, queuePath) }, ...extra];
}

export function CategoriesPage({ categories, ownRows }: { categories: AdminCategory[]; ownRows: boolean }) {
  const page = usePage();
  const { t, locale } = page;
  const title = t('reports.admin.categories.title');
  return (
    <Layout title={title} staff breadcrumbs={useCrumbs([{ label: title }])}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('reports.admin.categories.lead')}</p>
      {ownRows ? null : <p>{t('reports.admin.categories.defaults')}</p>}
      <p>
        <a class="ds-link" href={kommunPath(page, adminPaths.newCategory)}>
          {t('reports.admin.categories.new')}
        </a>
      </p>
      <ScrollRegion label={t('reports.admin.categories.caption')}>
        <table class="ds-table">
          <caption>{t('reports.admin.categories.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.admin.categories.position')}</th>
              <th scope="col">{t('reports.admin.categories.name')}</th>
              <th scope="col">{t('reports.admin.categories.code')}</th>
              <th scope="col">{t('reports.admin.categories.state')}</th>
              <th scope="col">
                <span class="ds-sr-only">{t('reports.admin.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c.code}>
                <td>{c.position}</td>
                <th scope="row">
                  <a class="ds-link" href={kommunPath(page, adminPaths.category(c.code))}>
                    {categoryName(c, locale)}
                  </a>
                </th>
                <td>
                  <code>{c.code}</code>
                </td>
                <td>{c.active ? t('reports.admin.categories.active') : t('reports.admin.categories.inactive')}</td>
                <td>
                  <Form action={kommunPath(page, adminPaths.categoryActive(c.code))} label={`${c.active ? t('reports.admin.categories.deactivate') : t('reports.admin.categories.activate')}: ${categoryName(c, locale)}`}>
                    <input type="hidden" name="active" value={c.active ? 'off' : 'on'} />
                    <input type="hidden" name="updatedAt" value={c.updatedAt} />
                    <SubmitButton variant="secondary">{c.active ? t('reports.admin.categories.deactivate') : t('reports.admin.categories.activate')}</SubmitButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </Layout>
  );
}

export function CategoryEditPage({ category, form, refusal }: { category: ReportCategory | null; form: FormState; refusal?: string | undefined }) {
  const page = usePage();
  const { t, locale } = page;
  const title = category ? t('reports.admin.categories.edit', { name: categoryName(category, locale) }) : t('reports.admin.categories.new');
  return (
    <Layout title={title} staff breadcrumbs={useCrumbs([{ label: t('reports.admin.categories.title'), href: kommunPath(page, adminPaths.categories) }, { label: title }])}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {category ? (
        <p>
          {t('reports.admin.categories.code')}: <code>{category.code}</code>
        </p>
      ) : null}
      {refusal ? (
        <div class="ds-alert" data-color="warning" role="alert">
          {t(refusal)}
        </div>
      ) : null}
      <ErrorSummary errors={form.errors} labels={fieldLabels(t)} />
      <Form action={kommunPath(page, category ? adminPaths.category(category.code) : adminPaths.categories)}>
        <CategoryFields form={form} withCode={!category} />
        <SubmitButton>{category ? t('reports.admin.categories.save') : t('reports.admin.categories.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export function BlockedPage({ rows }: { rows: BlockedRow[] }) {
  const page = usePage();
  const { t } = page;
  const title = t('reports.admin.blocked.title');
  return (
    <Layout title={title} staff breadcrumbs={useCrumbs([{ label: title }])}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="lead">{t('reports.admin.blocked.lead')}</p>
      {rows.length === 0 ? (
        <p>{t('reports.admin.blocked.empty')}</p>
      ) : (
        <ScrollRegion label={t('reports.admin.blocked.caption')}>
          <table class="ds-table">
            <caption>{t('reports.admin.blocked.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.admin.blocked.reason')}</th>
                <th scope="col">{t('reports.admin.blocked.when')}</th>
                <th scope="col">{t('reports.admin.blocked.by')}</th>
                <th scope="col">{t('reports.admin.blocked.example')}</th>
                <th scope="col">
                  <span class="ds-sr-only">{t('reports.admin.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.reason}</td>
                  <td>
                    <DateText iso={row.created_at} />
                  </td>
                  <td>{row.created_by_name ?? t('reports.admin.blocked.unknownUser')}</td>
                  <td>
                    {row.example_id && row.example_reference ? (
                      <a class="ds-link" href={kommunPath(page, `${queuePath}/${row.example_id}`)}>
                        <Reference reference={row.example_reference} />
                      </a>
                    ) : (
                      t('reports.admin.blocked.none')
                    )}
                  </td>
                  <td>
                    <Form action={kommunPath(page, adminPaths.unblock(row.id))} label={t('reports.admin.blocked.unblock')}>
                      <SubmitButton variant="secondary">{t('reports.admin.blocked.unblock')}</SubmitButton>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </Layout>
  );
}

/**
 * The staff report page's section on blocking the report's sender; only for a report whose
 * sender can still be recognised. A form, or, when the sender is blocked already, where to lift it.
 */
export function BlockSenderSection({ reportId, form, blocked }: { reportId: string; form: FormState; blocked: boolean }) {
  const page = usePage();
  const { t } = page;
  return (
    <section aria-labelledby="block-sender-heading">
      <h2 class="ds-heading" data-size="sm" id="block-sender-heading">
        {t('reports.admin.blocked.block')}
      </h2>
      {blocked ? (
        <p class="ds-paragraph" data-sender-blocked>
          {t('reports.admin.blocked.already')} <a class="ds-link" href={kommunPath(page, adminPaths.blocked)}>{t('reports.admin.blocked.title')}</a>
        </p>
      ) : (
        <>
          <ErrorSummary errors={form.errors} labels={{ reason: t('reports.admin.blocked.reason') }} />
          <Form action={kommunPath(page, adminPaths.block(reportId))}>
            <TextField name="reason" label={t('reports.admin.blocked.reason')} hint={t('reports.admin.blocked.blockHint')} form={form} required maxLength={500} />
            <SubmitButton variant="secondary">{t('reports.admin.blocked.block')}</SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}

/** The queue's "Administrera" links, each only for those who may use the page. */
export function AdminLinks({ canManage }: { canManage: boolean }) {
  const page = usePage();
  const { t } = page;
  if (!canManage) return null;
  const links = [
    { href: adminPaths.templates, label: t('reports.staff.templates.title') },
    { href: adminPaths.categories, label: t('reports.admin.categories.title') },
    { href: adminPaths.blocked, label: t('reports.admin.blocked.title') },
    { href: adminPaths.open311, label: t('reports.admin.open311') },
  ];
  return (
    <nav aria-label={t('reports.admin.nav')} class="report-admin-nav">
      <h2 class="ds-heading" data-size="xs">
        {t('reports.admin.nav')}
      </h2>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a class="ds-link" href={kommunPath(page, l.href)}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
