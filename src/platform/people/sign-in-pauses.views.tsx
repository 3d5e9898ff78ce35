import { clockTime } from '../auth/sign-in-throttle.js';
import { Form } from '../views/components.js';
import { kommunPath, usePage } from '../views/page-context.js';
import type { PausedPerson } from './sign-in-pauses.service.js';

/** The people page's section on paused sign-ins; nothing when nobody is paused. */
export function SignInPauses({ pauses }: { pauses: PausedPerson[] }) {
  const page = usePage();
  const { t } = page;
  if (pauses.length === 0) return null;
  const base = kommunPath(page, 'admin/personer');
  const time = (iso: string) => clockTime(new Date(iso));
  return (
    <section aria-labelledby="pausade-inloggningar">
      <h2 class="ds-heading" data-size="md" id="pausade-inloggningar">
        {t('people.pausesTitle')}
      </h2>
      <p>{t('people.pausesLead')}</p>
      <table class="ds-table admin-table stack-table" data-sign-in-pauses>
          <caption>{t('people.pausesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('people.name')}</th>
              <th scope="col">{t('people.pauseState')}</th>
              <th scope="col">{t('people.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {pauses.map((person) => (
              <tr key={person.userId}>
                <th scope="row" data-label={t('people.name')}>
                  {person.name}
                </th>
                <td data-label={t('people.pauseState')}>
                  {person.signIn ? <p>{t('people.pausePassword', { time: time(person.signIn.until), count: person.signIn.failures })}</p> : null}
                  {person.secondFactor ? <p>{t('people.pauseSecondFactor', { time: time(person.secondFactor.until), count: person.secondFactor.failures })}</p> : null}
                </td>
                <td data-label={t('people.actions')}>
                  <Form action={`${base}/${person.userId}/inloggningspaus/ta-bort`} class="inline-form">
                    <button type="submit" class="ds-button" data-variant="secondary" aria-label={t('people.liftPause', { name: person.name })}>
                      {t('people.liftPauseShort')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
      </table>
    </section>
  );
}
