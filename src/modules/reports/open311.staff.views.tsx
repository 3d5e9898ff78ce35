// The kommun's Open311 clients for administrators: what the API is and where, the key just
// issued (on that one answer only), a form to issue one, and the clients with their revoke buttons.
import { formatDate } from '../../platform/i18n/i18n.js';
import { ErrorSummary, Form, SubmitButton, TextField, type FormState } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { kommunPath, usePage } from '../../platform/views/page-context.js';
import { open311ClientLimits, type Open311ClientSummary } from './open311.clients.service.js';

export const open311StaffPath = 'admin/rapporter/open311';

export interface Open311ClientsPageProps {
  clients: Open311ClientSummary[];
  form: FormState;
  /** The key just issued: shown on this one page and never again. */
  created: { name: string; key: string } | null;
  endpoint: string;
}

export function Open311ClientsPage({ clients, form, created, endpoint }: Open311ClientsPageProps) {
  const page = usePage();
  const { t } = page;
  const title = t('open311.clients.title');
  const live = clients.filter((c) => c.revoked_at === null).length;
  return (
    <Layout
      title={title}
      staff
      breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('staff.dashboard'), href: kommunPath(page, 'admin') }, { label: title }]}
    >
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p>{t('open311.clients.lead')}</p>
      <dl>
        <dt>{t('open311.clients.endpoint')}</dt>
        <dd>
          <code>{endpoint}</code>
        </dd>
        <dt>{t('open311.clients.jurisdiction')}</dt>
        <dd>
          <code>{page.kommun?.slug ?? ''}</code>
        </dd>
      </dl>
      {created ? <CreatedKey created={created} /> : null}
      <h2 class="ds-heading" data-size="md">
        {t('open311.clients.newTitle')}
      </h2>
      {live >= open311ClientLimits.maxLive && Object.keys(form.errors).length === 0 ? (
        <p>{t('open311.clients.tooMany', { n: open311ClientLimits.maxLive })}</p>
      ) : (
        <>
          <ErrorSummary errors={form.errors} labels={{ name: t('open311.clients.name') }} />
          <Form action={kommunPath(page, open311StaffPath)}>
            <TextField name="name" label={t('open311.clients.name')} hint={t('open311.clients.nameHint', { n: open311ClientLimits.name })} required form={form} maxLength={open311ClientLimits.name} autocomplete="off" />
            <SubmitButton>{t('open311.clients.create')}</SubmitButton>
          </Form>
        </>
      )}
      <h2 class="ds-heading" data-size="md">
        {t('open311.clients.listTitle')}
      </h2>
      {clients.length === 0 ? <p>{t('open311.clients.none')}</p> : <ClientTable clients={clients} />}
    </Layout>
  );
}

function CreatedKey({ created }: { created: { name: string; key: string } }) {
  const { t } = usePage();
  return (
    <section class="ds-alert" data-color="success" aria-labelledby="new-open311-key">
      <h2 class="ds-heading" data-size="sm" id="new-open311-key">
        {t('open311.clients.createdTitle')}
      </h2>
      <p>{t('open311.clients.createdLead', { name: created.name })}</p>
      <p>
        <label for="new-open311-key-value">{t('open311.clients.key')}</label>
      </p>
      <p>
        <input class="ds-input" id="new-open311-key-value" type="text" readOnly value={created.key} autocomplete="off" spellcheck={false} data-new-open311-key size={created.key.length} />
      </p>
    </section>
  );
}

function ClientTable({ clients }: { clients: Open311ClientSummary[] }) {
  const page = usePage();
  const { t, locale } = page;
  const date = (iso: string) => formatDate(locale, iso);
  return (
    <table class="ds-table admin-table stack-table" data-open311-clients>
      <caption>{t('open311.clients.listCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('open311.clients.name')}</th>
          <th scope="col">{t('open311.clients.keyEnd')}</th>
          <th scope="col">{t('open311.clients.created')}</th>
          <th scope="col">{t('open311.clients.lastUsed')}</th>
          <th scope="col">{t('open311.clients.state')}</th>
        </tr>
      </thead>
      <tbody>
        {clients.map((client) => (
          <tr key={client.id} data-open311-client-id={client.id}>
            <th scope="row" data-label={t('open311.clients.name')}>
              {client.name}
            </th>
            <td data-label={t('open311.clients.keyEnd')}>
              <code>…{client.key_hint}</code>
            </td>
            <td data-label={t('open311.clients.created')}>{date(String(client.created_at))}</td>
            <td data-label={t('open311.clients.lastUsed')}>{client.last_used_at ? date(String(client.last_used_at)) : t('open311.clients.neverUsed')}</td>
            <td data-label={t('open311.clients.state')}>
              {client.revoked_at === null ? (
                <Form action={kommunPath(page, `${open311StaffPath}/${client.id}/aterkalla`)} class="inline-form">
                  <button type="submit" class="ds-button" data-variant="secondary" aria-label={t('open311.clients.revokeNamed', { name: client.name })}>
                    {t('open311.clients.revoke')}
                  </button>
                </Form>
              ) : (
                t('open311.clients.revokedOn', { date: date(String(client.revoked_at)) })
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
