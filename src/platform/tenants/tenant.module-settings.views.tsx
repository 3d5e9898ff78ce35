// The modules' forms on a kommun's settings page, drawn from what each manifest's `settings` describes.
import { readModuleSettings, type ModuleSettings } from '../settings/module-settings.js';
import { Checkbox, Form, SelectField, SubmitButton, TextField, type FormState } from '../views/components.js';
import { kommunPath, usePage } from '../views/page-context.js';
import type { Kommun } from './tenant.repository.js';

/** The form's values as stored, in the shape a submitted form has. */
function formValuesOf(kommun: Kommun, moduleName: string, settings: ModuleSettings): Record<string, string> {
  const values = readModuleSettings(kommun.settings.modules[moduleName], settings) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(settings.fields).map(([key, field]) => [key, field.kind === 'boolean' ? (values[key] === true ? 'on' : 'off') : String(values[key] ?? '')]),
  );
}

/** Every module's settings form, below the kommun's own; `failed` is a form sent back with errors. */
export function ModuleSettingsForms({ kommun, failed }: { kommun: Kommun; failed?: { module: string; form: FormState } }) {
  const page = usePage();
  const { t } = page;
  const modules = [...page.registry.settings.entries()];
  if (modules.length === 0) return null;
  return (
    <section class="module-settings" aria-labelledby="module-settings-heading">
      <h2 class="ds-heading" data-size="sm" id="module-settings-heading">
        {t('tenants.moduleSettingsTitle')}
      </h2>
      {modules.map(([name, settings]) => {
        const form = failed?.module === name ? failed.form : { values: formValuesOf(kommun, name, settings), errors: {} };
        return (
          <Form key={name} action={kommunPath(page, `admin/installningar/moduler/${name}`)} class="settings-form">
            <fieldset class="ds-fieldset settings-section">
              <legend class="ds-heading" data-size="xs">
                {t(settings.titleKey)}
              </legend>
              {Object.entries(settings.fields).map(([key, field]) => {
                const hint = field.hintKey ? t(field.hintKey) : undefined;
                const label = t(field.labelKey);
                const error = form.errors[key];
                const shown: FormState = { values: form.values, errors: error ? { [key]: error } : {} };
                switch (field.kind) {
                  case 'boolean':
                    return <Checkbox key={key} name={key} label={label} hint={hint} form={shown} />;
                  case 'choice':
                    return <SelectField key={key} name={key} label={label} hint={hint} options={field.options.map((o) => ({ value: o.value, label: t(o.labelKey) }))} form={shown} />;
                  case 'number':
                    return <TextField key={key} name={key} type="number" label={label} hint={hint} form={shown} maxLength={12} />;
                  case 'text':
                    return <TextField key={key} name={key} label={label} hint={hint} form={shown} maxLength={field.maxLength} />;
                }
              })}
            </fieldset>
            <SubmitButton variant="secondary">{t('tenants.moduleSettingsSave', { module: t(settings.titleKey) })}</SubmitButton>
          </Form>
        );
      })}
    </section>
  );
}

