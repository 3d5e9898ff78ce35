// The subscribe form modules put on their pages, and the kernel's pages around it: "check your
// inbox", confirm, unsubscribe and the answers for links that no longer work. All work without
// JavaScript; every change is a POST behind a button, never a followed link.
import type { ComponentChildren } from 'preact';
import { ErrorSummary, Form, SubmitButton, TextField, emptyForm, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import { subscriptionLimits } from './subscription.schemas.js';
import type { FollowedTopic } from './subscription.service.js';

/**
 * "Get updates by email" for one topic: an e-mail field, what the address is used for, and a
 * button. `action` is the module's POST route, which hands the body to acceptSubscribeForm.
 */
export function SubscribeForm({ action, topicTitle, form = emptyForm, headingLevel = 2 }: { action: string; topicTitle: string; form?: FormState; headingLevel?: 2 | 3 }) {
  const { t } = usePage();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const label = t('subscriptions.emailLabel');
  return (
    <section class="subscribe-form" aria-labelledby="subscribe-form-heading">
      <Heading class="ds-heading" data-size="xs" id="subscribe-form-heading">
        {t('subscriptions.formHeading')}
      </Heading>
      <p>{t('subscriptions.formLead', { topic: topicTitle })}</p>
      <ErrorSummary errors={form.errors} labels={{ email: label }} />
      <Form action={action} label={t('subscriptions.formHeading')}>
        <TextField
          name="email"
          type="email"
          label={label}
          hint={t('subscriptions.privacy', { topic: topicTitle })}
          required
          form={form}
          maxLength={subscriptionLimits.email}
          autocomplete="email"
          inputMode="email"
        />
        <SubmitButton>{t('subscriptions.submit')}</SubmitButton>
      </Form>
    </section>
  );
}

function Narrow({ title, children }: { title: string; children: ComponentChildren }) {
  const page = usePage();
  return (
    <Layout title={title} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: title }]}>
      <div class="narrow">
        <h1 class="ds-heading" data-size="lg">
          {title}
        </h1>
        {children}
      </div>
    </Layout>
  );
}

function TopicLink({ topic }: { topic: FollowedTopic }) {
  const { t } = usePage();
  return (
    <p>
      <a class="ds-link" href={topic.path}>
        {t('subscriptions.toTopic', { topic: topic.title })}
      </a>
    </p>
  );
}

/** The form alone, for a module's `invalid` answer (422 with the typed address kept). */
export function SubscribeFormPage({ action, topic, form }: { action: string; topic: FollowedTopic; form: FormState }) {
  const { t } = usePage();
  return (
    <Layout title={t('subscriptions.formPageTitle', { topic: topic.title })} residentsWrite>
      <div class="narrow">
        <h1 class="ds-heading" data-size="lg">
          {t('subscriptions.formPageTitle', { topic: topic.title })}
        </h1>
        <SubscribeForm action={action} topicTitle={topic.title} form={form} />
        <TopicLink topic={topic} />
      </div>
    </Layout>
  );
}

export function CheckInboxPage({ backPath }: { backPath: string | null }) {
  const { t } = usePage();
  return (
    <Narrow title={t('subscriptions.sentTitle')}>
      <p>{t('subscriptions.sentText', { days: subscriptionLimits.confirmDays })}</p>
      <p>{t('subscriptions.sentAlready')}</p>
      {backPath ? (
        <p>
          <a class="ds-link" href={backPath}>
            {t('subscriptions.back')}
          </a>
        </p>
      ) : null}
    </Narrow>
  );
}

export function ConfirmPage({ action, topic }: { action: string; topic: FollowedTopic }) {
  const { t } = usePage();
  return (
    <Narrow title={t('subscriptions.confirmTitle')}>
      <p>{t('subscriptions.confirmLead', { topic: topic.title })}</p>
      <Form action={action} label={t('subscriptions.confirmTitle')}>
        <SubmitButton>{t('subscriptions.confirmButton')}</SubmitButton>
      </Form>
      <p>{t('subscriptions.confirmIgnore', { days: subscriptionLimits.confirmDays })}</p>
    </Narrow>
  );
}

export function ConfirmedPage({ topic }: { topic: FollowedTopic }) {
  const { t } = usePage();
  return (
    <Narrow title={t('subscriptions.confirmedTitle')}>
      <p role="status">{t('subscriptions.confirmedText', { topic: topic.title })}</p>
      <TopicLink topic={topic} />
    </Narrow>
  );
}

export function UnsubscribePage({ action, topic }: { action: string; topic: FollowedTopic }) {
  const { t } = usePage();
  return (
    <Narrow title={t('subscriptions.unsubscribeTitle')}>
      <p>{t('subscriptions.unsubscribeLead', { topic: topic.title })}</p>
      <Form action={action} label={t('subscriptions.unsubscribeTitle')}>
        <SubmitButton>{t('subscriptions.unsubscribeButton')}</SubmitButton>
      </Form>
    </Narrow>
  );
}

export function UnsubscribedPage({ topic }: { topic: FollowedTopic | null }) {
  const { t } = usePage();
  return (
    <Narrow title={topic ? t('subscriptions.unsubscribedTitle') : t('subscriptions.goneTitle')}>
      <p role="status">{topic ? t('subscriptions.unsubscribedText', { topic: topic.title }) : t('subscriptions.goneText')}</p>
      {topic ? <TopicLink topic={topic} /> : null}
    </Narrow>
  );
}

export function LinkProblemPage({ reason }: { reason: 'unknown' | 'expired' }) {
  const page = usePage();
  const { t } = page;
  return (
    <Narrow title={reason === 'expired' ? t('subscriptions.expiredTitle') : t('subscriptions.invalidTitle')}>
      <p>{reason === 'expired' ? t('subscriptions.expiredText', { days: subscriptionLimits.confirmDays }) : t('subscriptions.invalidText')}</p>
      <p>
        <a class="ds-link" href={kommunPath(page)}>
          {t('subscriptions.home')}
        </a>
      </p>
    </Narrow>
  );
}
