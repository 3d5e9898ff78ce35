import { ModuleSettingsForms } from './tenant.module-settings.views.js';
import type { ComponentChildren } from 'preact';
import { roles } from '../auth/roles.js';
import { fileUrl } from '../files/file-url.js';
import { locales } from '../i18n/i18n.js';
import { ErrorSummary, fieldId, Form, PageHeading, SelectField, SubmitButton, TextArea, TextField, FileField, Checkbox, type FormState, ScrollRegion } from '../views/components.js';
import { Layout, type Crumb } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import { contrastRatio, darkenForContrast } from '../views/theme.js';
import { MapView } from '../map/map.views.js';
import { boundaryLimits } from './tenant.boundary.js';
import type { Kommun, Organisation } from './tenant.repository.js';
import { partnerTypes, tenantLimits } from './tenant.schemas.js';

const languageNames: Record<string, string> = { sv: 'Svenska', en: 'English' };

/** A group of checkboxes sharing one name; the first box carries the id the error summary links to. */
export function CheckboxGroup(props: { name: string; legend: string; hint?: string; options: { value: string; label: string; lang?: string }[]; form: FormState }) {
  const { t } = usePage();
  const selected = new Set((props.form.values[props.name] ?? '').split('\n'));
  const error = props.form.errors[props.name];
  const id = fieldId(props.name);
  const [key, n] = (error ?? '').split('|');
  return (
    <fieldset class="ds-fieldset field checkbox-group" data-invalid={error ? 'true' : undefined} aria-describedby={[props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend class="ds-label">{props.legend}</legend>
      {props.hint ? (
        <div class="ds-field-description field__hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <div class="ds-validation-message field__error" id={`${id}-error`} data-color="danger">
          <span class="ds-sr-only">{t('form.errorPrefix')} </span>
          {t(key ?? error, n === undefined ? undefined : { n })}
        </div>
      ) : null}
      {props.options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`;
        return (
          <div class="ds-field field--checkbox" key={option.value}>
            <input class="ds-input" type="checkbox" id={optionId} name={props.name} value={option.value} checked={selected.has(option.value)} />
            <label class="ds-label" for={optionId} lang={option.lang}>
              {option.label}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

function PlatformLayout({ title, crumbs, children }: { title: string; crumbs: Crumb[]; children: ComponentChildren }) {
  const { t } = usePage();
  return (
    <Layout title={title} breadcrumbs={[{ label: t('tenants.platformAdmin'), href: '/admin/kommuner' }, ...crumbs]} head={<meta name="robots" content="noindex" />}>
      <div class="admin-page">{children}</div>
    </Layout>
  );
}

export function KommunerAdminPage({ kommuner, links }: { kommuner: Kommun[]; links: { kommunId: string; policeAreaName: string }[] }) {
  const { t } = usePage();
  return (
    <PlatformLayout title={t('tenants.kommunerTitle')} crumbs={[{ label: t('tenants.kommunerTitle') }]}>
      <PageHeading lead={t('tenants.kommunerLead')}>{t('tenants.kommunerTitle')}</PageHeading>
      <p class="admin-actions">
        <a class="ds-button" data-variant="primary" href="/admin/kommuner/ny">
          {t('tenants.addKommun')}
        </a>{' '}
        <a class="ds-button" data-variant="secondary" href="/admin/kommuner/polisomraden">
          {t('tenants.linkPoliceAreaTitle')}
        </a>
      </p>
      {kommuner.length === 0 ? (
        <p>{t('tenants.noKommuner')}</p>
      ) : (
        <ScrollRegion label={t('tenants.kommunerCaption', { n: kommuner.length })}>
          <table class="ds-table admin-table" data-border="true">
            <caption>{t('tenants.kommunerCaption', { n: kommuner.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tenants.name')}</th>
                <th scope="col">{t('tenants.slug')}</th>
                <th scope="col">{t('tenants.policeAreas')}</th>
                <th scope="col">{t('tenants.languages')}</th>
              </tr>
            </thead>
            <tbody>
              {kommuner.map((k) => {
                const areas = links.filter((l) => l.kommunId === k.id).map((l) => l.policeAreaName);
                return (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <a class="ds-link" href={`/${k.slug}/`}>
                        /{k.slug}/
                      </a>
                    </td>
                    <td>{areas.length > 0 ? areas.join(', ') : t('tenants.none')}</td>
                    <td>{k.settings.languages.map((l) => languageNames[l] ?? l).join(', ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </PlatformLayout>
  );
}

function PoliceAreaFields({ form, policeAreas }: { form: FormState; policeAreas: Organisation[] }) {
  const { t } = usePage();
  return (
    <fieldset class="ds-fieldset field">
      <legend class="ds-label">{t('tenants.policeArea')}</legend>
      <p class="field__hint">{t('tenants.policeAreaHint')}</p>
      <SelectField
        name="policeAreaId"
        label={t('tenants.existingPoliceArea')}
        form={form}
        options={[{ value: '', label: t('tenants.noExistingPoliceArea') }, ...policeAreas.map((a) => ({ value: a.id, label: a.name }))]}
      />
      <TextField name="newPoliceAreaName" label={t('tenants.newPoliceAreaName')} hint={t('tenants.newPoliceAreaHint')} form={form} maxLength={tenantLimits.policeAreaName} />
    </fieldset>
  );
}

function languageOptions() {
  return locales.map((l) => ({ value: l, label: languageNames[l] ?? l, lang: l }));
}

export function NewKommunPage({ form, policeAreas }: { form: FormState; policeAreas: Organisation[] }) {
  const { t } = usePage();
  const labels = {
    name: t('tenants.name'),
    slug: t('tenants.slug'),
    primaryColour: t('tenants.primaryColour'),
    contactEmail: t('tenants.contactEmail'),
    contactPhone: t('tenants.contactPhone'),
    contactAddress: t('tenants.contactAddress'),
    languages: t('tenants.languages'),
    policeAreaId: t('tenants.existingPoliceArea'),
    newPoliceAreaName: t('tenants.newPoliceAreaName'),
  };
  return (
    <PlatformLayout title={t('tenants.addKommun')} crumbs={[{ label: t('tenants.kommunerTitle'), href: '/admin/kommuner' }, { label: t('tenants.addKommun') }]}>
      <PageHeading lead={t('tenants.addKommunLead')}>{t('tenants.addKommun')}</PageHeading>
      <ErrorSummary errors={form.errors} labels={labels} />
      <Form action="/admin/kommuner">
        <TextField name="name" label={labels.name} hint={t('tenants.nameHint')} required form={form} maxLength={tenantLimits.name} />
        <TextField name="slug" label={labels.slug} hint={t('tenants.slugHint')} required form={form} maxLength={tenantLimits.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" autocomplete="off" />
        <TextField name="primaryColour" label={labels.primaryColour} hint={t('tenants.primaryColourHint')} required form={form} maxLength={7} defaultValue="#1e5a8c" />
        <TextField name="contactEmail" type="email" label={labels.contactEmail} form={form} maxLength={tenantLimits.email} autocomplete="off" />
        <TextField name="contactPhone" type="tel" label={labels.contactPhone} form={form} maxLength={tenantLimits.phone} autocomplete="off" />
        <TextField name="contactAddress" label={labels.contactAddress} form={form} maxLength={tenantLimits.address} autocomplete="off" />
        <CheckboxGroup name="languages" legend={labels.languages} hint={t('tenants.languagesHint')} options={languageOptions()} form={form} />
        <PoliceAreaFields form={form} policeAreas={policeAreas} />
        <SubmitButton>{t('tenants.createKommun')}</SubmitButton>
      </Form>
    </PlatformLayout>
  );
}

export function LinkPoliceAreaPage({ form, kommuner, policeAreas }: { form: FormState; kommuner: Kommun[]; policeAreas: Organisation[] }) {
  const { t } = usePage();
  const labels = { kommunId: t('tenants.kommun'), policeAreaId: t('tenants.existingPoliceArea'), newPoliceAreaName: t('tenants.newPoliceAreaName') };
  return (
    <PlatformLayout title={t('tenants.linkPoliceAreaTitle')} crumbs={[{ label: t('tenants.kommunerTitle'), href: '/admin/kommuner' }, { label: t('tenants.linkPoliceAreaTitle') }]}>
      <PageHeading lead={t('tenants.linkPoliceAreaLead')}>{t('tenants.linkPoliceAreaTitle')}</PageHeading>
      <ErrorSummary errors={form.errors} labels={labels} />
      <Form action="/admin/kommuner/polisomraden">
        <SelectField name="kommunId" label={labels.kommunId} required form={form} options={kommuner.map((k) => ({ value: k.id, label: k.name }))} />
        <PoliceAreaFields form={form} policeAreas={policeAreas} />
        <SubmitButton>{t('tenants.linkPoliceArea')}</SubmitButton>
      </Form>
    </PlatformLayout>
  );
}

function staffCrumbs(page: ReturnType<typeof usePage>, label: string): Crumb[] {
  return [
    { label: page.kommun?.name ?? '', href: kommunPath(page) },
    { label: page.t('staff.dashboard'), href: kommunPath(page, 'admin') },
    { label },
  ];
}

export function OrganisationsPage({ organisations, form, showPlatformLink }: { organisations: Organisation[]; form: FormState; showPlatformLink: boolean }) {
  const page = usePage();
  const { t } = page;
  const kindLabel = (o: Organisation) => (o.kind === 'partner' ? t(`tenants.partnerType.${o.partnerType ?? 'other'}`) : t(`tenants.kind.${o.kind}`));
  const labels = { name: t('tenants.partnerName'), partnerType: t('tenants.partnerTypeLabel') };
  return (
    <Layout title={t('tenants.organisationsTitle')} staff breadcrumbs={staffCrumbs(page, t('tenants.organisationsTitle'))}>
      <div class="admin-page">
        <PageHeading lead={t('tenants.organisationsLead')}>{t('tenants.organisationsTitle')}</PageHeading>
        <ScrollRegion label={t('tenants.organisationsCaption', { kommun: page.kommun?.name ?? '' })}>
          <table class="ds-table admin-table" data-border="true">
            <caption>{t('tenants.organisationsCaption', { kommun: page.kommun?.name ?? '' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tenants.name')}</th>
                <th scope="col">{t('tenants.kindLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{kindLabel(o)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {showPlatformLink ? (
          <p>
            <a class="ds-link" href="/admin/kommuner/polisomraden">
              {t('tenants.linkPoliceAreaTitle')}
            </a>
          </p>
        ) : null}
        <h2 class="ds-heading" data-size="sm" id="add-partner">
          {t('tenants.addPartner')}
        </h2>
        <ErrorSummary errors={form.errors} labels={labels} />
        <Form action={kommunPath(page, 'admin/organisationer')} label={t('tenants.addPartner')}>
          <TextField name="name" label={labels.name} required form={form} maxLength={tenantLimits.partnerName} />
          <SelectField
            name="partnerType"
            label={labels.partnerType}
            required
            form={form}
            options={[{ value: '', label: t('tenants.choosePartnerType') }, ...partnerTypes.map((p) => ({ value: p, label: t(`tenants.partnerType.${p}`) }))]}
          />
          <SubmitButton>{t('tenants.addPartnerButton')}</SubmitButton>
        </Form>
      </div>
    </Layout>
  );
}

/** The colour the theme really uses, which may be darker than the one chosen. */
function ColourPreview({ chosen }: { chosen: string }) {
  const { t } = usePage();
  if (!/^#[0-9a-fA-F]{6}$/.test(chosen)) return null;
  const used = darkenForContrast(chosen.toLowerCase(), 4.5);
  const ratio = contrastRatio(used, '#ffffff').toFixed(1).replace('.', t('tenants.decimalSeparator'));
  return (
    <div class="colour-preview" aria-live="polite">
      <svg class="colour-preview__swatch" width="48" height="32" viewBox="0 0 48 32" aria-hidden="true" focusable="false">
        <rect width="48" height="32" rx="4" fill={used} stroke="#1a1a1a" stroke-width="1" />
      </svg>
      <p>
        {t('tenants.colourUsed', { colour: used, ratio })}
        {used !== chosen.toLowerCase() ? (
          <>
            {' '}
            {t('tenants.colourAdjusted', { colour: chosen.toLowerCase() })}
          </>
        ) : null}
      </p>
    </div>
  );
}

export function SettingsPage({ form, kommun, moduleForm }: { form: FormState; kommun: Kommun; moduleForm?: { module: string; form: FormState } }) {
  const page = usePage();
  const { t } = page;
  const labels: Record<string, string> = {
    name: t('tenants.name'),
    primaryColour: t('tenants.primaryColour'),
    logo: t('tenants.logo'),
    logoAlt: t('tenants.logoAlt'),
    contactEmail: t('tenants.contactEmail'),
    contactPhone: t('tenants.contactPhone'),
    contactAddress: t('tenants.contactAddress'),
    contactWebsite: t('tenants.contactWebsite'),
    languages: t('tenants.languages'),
    requireTotpForRoles: t('tenants.requireTotp'),
    a11yLastReviewed: t('tenants.a11yLastReviewed'),
    a11yKnownIssuesSv: t('tenants.a11yKnownIssuesSv'),
    a11yKnownIssuesEn: t('tenants.a11yKnownIssuesEn'),
    boundary: t('tenants.boundary'),
    boundarySource: t('tenants.boundarySource'),
  };
  const logoId = kommun.settings.logoFileId;
  return (
    <Layout title={t('tenants.settingsTitle')} staff breadcrumbs={staffCrumbs(page, t('tenants.settingsTitle'))}>
      <div class="admin-page">
        <PageHeading lead={t('tenants.settingsLead')}>{t('tenants.settingsTitle')}</PageHeading>
        <ErrorSummary errors={form.errors} labels={labels} />
        <Form action={kommunPath(page, 'admin/installningar')} multipart class="settings-form">
          <fieldset class="ds-fieldset settings-section">
            <legend class="ds-heading" data-size="xs">
              {t('tenants.sectionIdentity')}
            </legend>
            <TextField name="name" label={labels.name!} required form={form} maxLength={tenantLimits.name} />
            <TextField name="primaryColour" label={labels.primaryColour!} hint={t('tenants.primaryColourHint')} required form={form} maxLength={7} />
            <ColourPreview chosen={form.values.primaryColour ?? kommun.settings.primaryColour} />
            {logoId ? (
              <div class="logo-current">
                <p>{t('tenants.logoCurrent')}</p>
                <img src={fileUrl(kommun.slug, logoId)} alt={kommun.settings.logoAlt} class="logo-current__image" />
                <Checkbox name="removeLogo" label={t('tenants.removeLogo')} form={form} />
              </div>
            ) : null}
            <FileField name="logo" label={labels.logo!} hint={t('tenants.logoHint')} accept="image/png,image/jpeg,image/webp" form={form} />
            <TextField name="logoAlt" label={labels.logoAlt!} hint={t('tenants.logoAltHint')} form={form} maxLength={tenantLimits.logoAlt} />
          </fieldset>
          <fieldset class="ds-fieldset settings-section">
            <legend class="ds-heading" data-size="xs">
              {t('tenants.sectionContact')}
            </legend>
            <TextField name="contactEmail" type="email" label={labels.contactEmail!} form={form} maxLength={tenantLimits.email} autocomplete="off" />
            <TextField name="contactPhone" type="tel" label={labels.contactPhone!} form={form} maxLength={tenantLimits.phone} autocomplete="off" />
            <TextField name="contactAddress" label={labels.contactAddress!} form={form} maxLength={tenantLimits.address} autocomplete="off" />
            <TextField name="contactWebsite" type="url" label={labels.contactWebsite!} form={form} maxLength={tenantLimits.website} autocomplete="off" />
          </fieldset>
          <fieldset class="ds-fieldset settings-section">
            <legend class="ds-heading" data-size="xs">
              {t('tenants.sectionAccess')}
            </legend>
            <CheckboxGroup name="languages" legend={labels.languages!} hint={t('tenants.languagesHint')} options={languageOptions()} form={form} />
            <CheckboxGroup
              name="requireTotpForRoles"
              legend={labels.requireTotpForRoles!}
              hint={t('tenants.requireTotpHint')}
              options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              form={form}
            />
          </fieldset>
          <fieldset class="ds-fieldset settings-section">
            <legend class="ds-heading" data-size="xs">
              {t('tenants.sectionA11y')}
            </legend>
            <TextField name="a11yLastReviewed" type="date" label={labels.a11yLastReviewed!} hint={t('tenants.dateHint')} form={form} maxLength={10} />
            <TextArea name="a11yKnownIssuesSv" label={labels.a11yKnownIssuesSv!} hint={t('tenants.a11yKnownIssuesHint')} form={form} maxLength={tenantLimits.knownIssues} rows={5} />
            <TextArea name="a11yKnownIssuesEn" label={labels.a11yKnownIssuesEn!} form={form} maxLength={tenantLimits.knownIssues} rows={5} />
          </fieldset>
          <fieldset class="ds-fieldset settings-section">
            <legend class="ds-heading" data-size="xs">
              {t('tenants.sectionBoundary')}
            </legend>
            <p>{t('tenants.boundaryLead')}</p>
            {kommun.boundary ? (
              <>
                <p data-testid="boundary-status">{t('tenants.boundaryStored', { n: kommun.boundary.positions })}</p>
                <MapView id="boundary-map" label={t('tenants.boundaryMap')} size="small" />
              </>
            ) : (
              <p data-testid="boundary-status">{t('tenants.boundaryNone')}</p>
            )}
            <TextArea name="boundary" label={labels.boundary!} hint={t('tenants.boundaryHint')} form={form} maxLength={boundaryLimits.pastedChars} rows={6} />
            <FileField name="boundaryFile" label={t('tenants.boundaryFile')} hint={t('tenants.boundaryFileHint')} accept=".geojson,.json,application/geo+json,application/json" form={form} />
            <TextField name="boundarySource" label={labels.boundarySource!} hint={t('tenants.boundarySourceHint')} form={form} maxLength={boundaryLimits.source} />
            {kommun.boundary ? <Checkbox name="removeBoundary" label={t('tenants.removeBoundary')} form={form} /> : null}
          </fieldset>
          <SubmitButton>{t('form.save')}</SubmitButton>
        </Form>
        <ModuleSettingsForms kommun={kommun} failed={moduleForm} />
      </div>
    </Layout>
  );
}

/** The form's values for a kommun as stored, in the same shape a submitted form has. */
export function settingsFormValues(kommun: Kommun): Record<string, string> {
  const s = kommun.settings;
  return {
    name: kommun.name,
    primaryColour: s.primaryColour,
    logoAlt: s.logoAlt,
    contactEmail: s.contact.email,
    contactPhone: s.contact.phone,
    contactAddress: s.contact.address,
    contactWebsite: s.contact.website,
    languages: s.languages.join('\n'),
    requireTotpForRoles: s.requireTotpForRoles.join('\n'),
    a11yLastReviewed: s.accessibilityStatement.lastReviewed,
    a11yKnownIssuesSv: s.accessibilityStatement.knownIssuesSv,
    a11yKnownIssuesEn: s.accessibilityStatement.knownIssuesEn,
    boundary: '',
    boundarySource: kommun.boundary?.source ?? '',
  };
}
