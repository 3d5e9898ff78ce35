import type { Role } from '../auth/roles.js';
import type { Organisation, OrganisationKind } from '../tenants/tenant.repository.js';
import { ErrorSummary, Form, KeysetPagination, SelectField, SubmitButton, TextField, type FormState, ScrollRegion } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import type { PersonRole, PersonRow } from './people.repository.js';
import { peopleLimits } from './people.schemas.js';
import { SignInPauses } from './sign-in-pauses.views.js';
import type { PausedPerson } from './sign-in-pauses.service.js';

export type PersonView = PersonRow & { roles: PersonRole[] };

export function PeoplePage(props: {
  views: PersonView[];
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
      {props.views.length === 0 ? (
        <p>{t('people.empty')}</p>
      ) : (
        <ScrollRegion label={t('people.tableCaption', { kommun: kommunName })}>
          <table class="ds-table admin-table" data-people-table>
            <caption>{t('people.tableCaption', { kommun: kommunName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.status')}</th>
                <th scope="col">{t('people.totp')}</th>
                <th scope="col">{t('people.roles')}</th>
              </tr>
            </thead>
            <tbody>
              {props.views.map((person) => (
                <tr key={person.id}>
                  <th scope="row">{person.name}</th>
                  <td>{person.email}</td>
                  <td>
                    {t(`people.status.${person.status}`)}
                    {person.status === 'invited' ? (
                      <Form action={`${base}/${person.id}/inbjudan`} class="inline-form">
                        <button type="submit" class="ds-button" data-variant="tertiary" aria-label={t('people.resend', { name: person.name })}>
                          {t('people.resendShort')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>{person.hasTotp ? t('people.totpOn') : t('people.totpOff')}</td>
                  <td>
                    <ul class="role-list">
                      {person.roles.map((r) => (
                        <li key={r.membershipId}>
                          {t(`role.${r.role}`)} – {r.organisationName}{' '}
                          <Form action={`${base}/roller/${r.membershipId}/ta-bort`} class="inline-form">
                            <button type="submit" class="ds-button" data-variant="tertiary" aria-label={t('people.removeRole', { role: t(`role.${r.role}`), organisation: r.organisationName, name: person.name })}>
                              {t('people.removeRoleShort')}
                            </button>
                          </Form>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
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
