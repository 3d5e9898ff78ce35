import type { Role } from '../auth/roles.js';
import { formatDateTime } from '../i18n/i18n.js';
import type { Organisation, OrganisationKind } from '../tenants/tenant.repository.js';
import { ErrorSummary, Form, KeysetPagination, SelectField, SubmitButton, TextField, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import type { RoleOffer } from './people.repository.js';
import { peopleLimits } from './people.schemas.js';
import type { PendingPersonView, PersonRoleView, PersonView } from './people.service.js';
import { SignInPauses } from './sign-in-pauses.views.js';
import type { PausedPerson } from './sign-in-pauses.service.js';

function RoleList({ roles, who, base }: { roles: PersonRoleView[]; who: string; base: string }) {
  const { t } = usePage();
  return (
    <ul class="role-list">
      {roles.map((r) => (
        <li key={r.membershipId}>
          {t(`role.${r.role}`)} – {r.organisationName}
          {r.pending ? <> ({t('people.offerPending')})</> : null}{' '}
          {r.canRemove ? (
            <Form action={`${base}/roller/${r.membershipId}/ta-bort`} class="inline-form">
              <button
                type="submit"
                class="ds-button"
                data-variant="tertiary"
                aria-label={t(r.pending ? 'people.withdrawOffer' : 'people.removeRole', { role: t(`role.${r.role}`), organisation: r.organisationName, name: who })}
              >
                {t(r.pending ? 'people.withdrawOfferShort' : 'people.removeRoleShort')}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function ResendButton({ base, userId, who }: { base: string; userId: string; who: string }) {
  const { t } = usePage();
  return (
    <Form action={`${base}/${userId}/inbjudan`} class="inline-form">
      <button type="submit" class="ds-button" data-variant="tertiary" aria-label={t('people.resend', { name: who })}>
        {t('people.resendShort')}
      </button>
    </Form>
  );
}

export function PeoplePage(props: {
  people: PersonView[];
  pending: PendingPersonView[];
  organisations: Organisation[];
  olderHref: string | null;
  firstHref: string | null;
  form: FormState;
  rolesByKind: Record<OrganisationKind, readonly Role[]>;
  signInPauses?: PausedPerson[];
}) {
  const page = usePage();
  const { t, kommun } = page;
  const kommunName = kommun?.name ?? '';
  const base = kommunPath(page, 'admin/personer');
  const allRoles = [...new Set(props.organisations.flatMap((o) => props.rolesByKind[o.kind]))];
  const kinds = [...new Set(props.organisations.map((o) => o.kind))];
  const hint = kinds.map((k) => `${t(`people.kind.${k}`)}: ${props.rolesByKind[k].map((r) => t(`role.${r}`)).join(', ')}`).join('; ');
  return (
    <Layout
      title={t('people.title')}
      staff
      breadcrumbs={[{ label: kommunName, href: kommunPath(page) }, { label: t('staff.dashboard'), href: kommunPath(page, 'admin') }, { label: t('people.title') }]}
    >
      <h1 class="ds-heading" data-size="lg">
        {t('people.title')}
      </h1>
      <p class="lead">{t('people.lead', { kommun: kommunName })}</p>
      {props.pending.length > 0 ? (
        <>
          <h2 class="ds-heading" data-size="md">
            {t('people.pendingTitle')}
          </h2>
          <p>{t('people.pendingLead')}</p>
          <table class="ds-table admin-table stack-table" data-pending-table>
              <caption>{t('people.pendingTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('people.email')}</th>
                  <th scope="col">{t('people.roles')}</th>
                </tr>
              </thead>
              <tbody>
                {props.pending.map((person) => (
                  <tr key={person.id}>
                    <th scope="row" class="wrap-anywhere" data-label={t('people.email')}>
                      {person.email}
                      {person.canResend ? <ResendButton base={base} userId={person.id} who={person.email} /> : null}
                    </th>
                    <td data-label={t('people.roles')}>
                      <RoleList roles={person.roles} who={person.email} base={base} />
                    </td>
                  </tr>
                ))}
              </tbody>
          </table>
          {props.pending.length >= peopleLimits.pendingShown ? <p>{t('people.pendingMore', { n: peopleLimits.pendingShown })}</p> : null}
        </>
      ) : null}
      {props.people.length === 0 ? (
        <p>{t('people.empty')}</p>
      ) : (
          <table class="ds-table admin-table stack-table" data-people-table>
            <caption>{t('people.tableCaption', { kommun: kommunName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('people.nameAndEmail')}</th>
                <th scope="col">{t('people.status')}</th>
                <th scope="col">{t('people.roles')}</th>
              </tr>
            </thead>
            <tbody>
              {props.people.map((person) => (
                <tr key={person.id}>
                  <th scope="row" data-label={t('people.nameAndEmail')}>
                    {person.name}
                    <span class="person-email wrap-anywhere">{person.email}</span>
                  </th>
                  <td data-label={t('people.status')}>
                    {t(`people.status.${person.status}`)}
                    {person.canResend ? <ResendButton base={base} userId={person.id} who={person.name} /> : null}
                    <span class="person-totp">
                      {t('people.totp')}: {person.hasTotp ? t('people.totpOn') : t('people.totpOff')}
                    </span>
                  </td>
                  <td data-label={t('people.roles')}>
                    <RoleList roles={person.roles} who={person.name} base={base} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
      )}
      <KeysetPagination newerHref={props.firstHref} olderHref={props.olderHref} />
      <SignInPauses pauses={props.signInPauses ?? []} />

      <h2 class="ds-heading" data-size="md" id="bjud-in">
        {t('people.inviteTitle')}
      </h2>
      <p>{t('people.inviteLead')}</p>
      <ErrorSummary
        errors={props.form.errors}
        labels={{ name: t('people.name'), email: t('people.email'), organisationId: t('people.organisation'), role: t('people.role') }}
      />
      <Form action={base} label={t('people.inviteTitle')}>
        <TextField name="name" label={t('people.name')} required form={props.form} maxLength={peopleLimits.name} autocomplete="off" />
        <TextField name="email" label={t('people.email')} type="email" required form={props.form} maxLength={peopleLimits.email} autocomplete="off" />
        <SelectField
          name="organisationId"
          label={t('people.organisation')}
          required
          form={props.form}
          options={[{ value: '', label: t('people.chooseOrganisation') }, ...props.organisations.map((o) => ({ value: o.id, label: `${o.name} (${t(`people.kind.${o.kind}`)})` }))]}
        />
        <SelectField
          name="role"
          label={t('people.role')}
          hint={t('people.roleHint', { list: hint })}
          required
          form={props.form}
          options={[{ value: '', label: t('people.chooseRole') }, ...allRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
        />
        <SubmitButton>{t('people.inviteSubmit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** The roles offered to the signed-in person: each can be accepted or declined. */
export function OffersPage({ offers }: { offers: RoleOffer[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('people.offersTitle')}>
      <div class="narrow">
        <h1 class="ds-heading" data-size="lg">
          {t('people.offersTitle')}
        </h1>
        <p class="lead">{t('people.offersLead')}</p>
        {offers.length === 0 ? <p>{t('people.offersNone')}</p> : null}
        <ul class="card-list">
          {offers.map((offer) => {
            const what = t('people.offerWhat', { role: t(`role.${offer.role}`), organisation: offer.organisationName });
            return (
              <li key={offer.membershipId}>
                <p>
                  <strong>{what}</strong>
                  <br />
                  {t('people.offeredAt')} <time datetime={offer.createdAt}>{formatDateTime(locale, offer.createdAt)}</time>
                </p>
                <div class="button-row">
                  <Form action={`/konto/roller/${offer.membershipId}/godta`} class="inline-form">
                    <button type="submit" class="ds-button" data-variant="primary" aria-label={t('people.acceptOffer', { what })}>
                      {t('people.acceptOfferShort')}
                    </button>
                  </Form>
                  <Form action={`/konto/roller/${offer.membershipId}/avboj`} class="inline-form">
                    <button type="submit" class="ds-button" data-variant="secondary" aria-label={t('people.declineOffer', { what })}>
                      {t('people.declineOfferShort')}
                    </button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ul>
        <p>
          <a class="ds-link" href="/konto">
            {t('people.backToAccount')}
          </a>
        </p>
      </div>
    </Layout>
  );
}
