import { ErrorSummary, Form, SubmitButton, TextArea, TextField, type FormState } from '../views/components.js';
import { Layout } from '../views/layout.js';
import { kommunPath, usePage } from '../views/page-context.js';
import { MapView, PlaceChooser, type MapFeature } from '../map/map.views.js';
import type { Place, PlaceSummary } from './place.repository.js';
import { formatCoordinate, placeFeature, placeSummary } from './place.presenter.js';
import { placeLimits } from './place.schemas.js';

function PlacesPager({ firstHref, nextHref }: { firstHref: string | null; nextHref: string | null }) {
  const { t } = usePage();
  if (!firstHref && !nextHref) return null;
  return (
    <nav class="pager" aria-label={t('places.pagerLabel')}>
      <ul>
        {firstHref ? (
          <li>
            <a class="ds-link" href={firstHref}>
              {t('places.firstPage')}
            </a>
          </li>
        ) : null}
        {nextHref ? (
          <li>
            <a class="ds-link" href={nextHref} rel="next">
              {t('places.nextPage')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function Coordinates({ place }: { place: Pick<Place, 'lat' | 'lon'> }) {
  const { t, locale } = usePage();
  return <>{t('places.coordinatesValue', { lat: formatCoordinate(place.lat, locale), lon: formatCoordinate(place.lon, locale) })}</>;
}

export function PlacesListPage(props: { places: PlaceSummary[]; firstHref: string | null; nextHref: string | null }) {
  const page = usePage();
  const { t } = page;
  const slug = page.kommun?.slug ?? '';
  return (
    <Layout title={t('places.listTitle')} breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('places.listTitle') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('places.listTitle')}
      </h1>
      <p class="lead">{t('places.listLead')}</p>
      <section aria-labelledby="places-map-heading">
        <h2 id="places-map-heading" class="ds-heading" data-size="sm">
          {t('places.mapHeading')}
        </h2>
        <MapView id="places-map" label={t('places.mapHeading')} layers={[`/api/v1/${slug}/places.geojson`]} size="large" />
      </section>
      <section aria-labelledby="places-list-heading">
        <h2 id="places-list-heading" class="ds-heading" data-size="sm">
          {t('places.listHeading')}
        </h2>
        {props.places.length === 0 ? (
          <p>{t('places.empty')}</p>
        ) : (
          <ul class="place-list" data-testid="place-list">
            {props.places.map((place) => (
              <li key={place.id}>
                <a class="ds-link" href={kommunPath(page, `platser/${place.slug}`)}>
                  {place.name}
                </a>
                {place.description ? <p class="place-list__meta">{placeSummary(place.description)}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <PlacesPager firstHref={props.firstHref} nextHref={props.nextHref} />
      </section>
    </Layout>
  );
}

export function PlacePage({ place }: { place: Place }) {
  const page = usePage();
  const { t } = page;
  const feature = placeFeature(page.kommun?.slug ?? '', place);
  return (
    <Layout
      title={place.name}
      breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page) }, { label: t('places.listTitle'), href: kommunPath(page, 'platser') }, { label: place.name }]}
    >
      <article>
        <h1 class="ds-heading" data-size="lg">
          {place.name}
        </h1>
        {place.description ? <p class="lead">{place.description}</p> : null}
        <MapView id="place-map" label={t('places.mapOfPlace', { name: place.name })} features={feature ? [feature] : []} size="small" />
        <p>
          <a class="ds-link" href={kommunPath(page, 'platser')}>
            {t('places.allPlaces')}
          </a>
        </p>
      </article>
    </Layout>
  );
}

export function StaffPlacesPage(props: { places: Place[]; firstHref: string | null; nextHref: string | null }) {
  const page = usePage();
  const { t } = page;
  return (
    <Layout title={t('places.adminTitle')} staff breadcrumbs={[{ label: page.kommun?.name ?? '', href: kommunPath(page, 'admin') }, { label: t('places.adminTitle') }]}>
      <h1 class="ds-heading" data-size="lg">
        {t('places.adminTitle')}
      </h1>
      <p class="lead">{t('places.adminLead')}</p>
      <p>
        <a class="ds-button" data-variant="primary" href={kommunPath(page, 'admin/platser/ny')}>
          {t('places.newPlace')}
        </a>
      </p>
      {props.places.length === 0 ? (
        <p>{t('places.empty')}</p>
      ) : (
        <table class="place-table">
          <caption>{t('places.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('places.colName')}</th>
              <th scope="col">{t('places.colKind')}</th>
              <th scope="col">{t('places.coordinates')}</th>
              <th scope="col">{t('places.colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.places.map((place) => (
              <tr key={place.id}>
                <th scope="row">
                  <a class="ds-link" href={kommunPath(page, `platser/${place.slug}`)}>
                    {place.name}
                  </a>
                </th>
                <td>{place.geometryType === 'polygon' ? t('places.area') : t('places.point')}</td>
                <td>
                  <Coordinates place={place} />
                </td>
                <td class="place-table__actions">
                  <a class="ds-link" href={kommunPath(page, `admin/platser/${place.id}`)} aria-label={t('places.editNamed', { name: place.name })}>
                    {t('places.edit')}
                  </a>
                  <a class="ds-link" href={kommunPath(page, `admin/platser/${place.id}/ta-bort`)} aria-label={t('places.deleteNamed', { name: place.name })}>
                    {t('places.delete')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PlacesPager firstHref={props.firstHref} nextHref={props.nextHref} />
    </Layout>
  );
}

export function PlaceFormPage(props: { place?: Place; form: FormState; choices: Place[] }) {
  const page = usePage();
  const { t } = page;
  const { place, form } = props;
  const title = place ? t('places.editTitle', { name: place.name }) : t('places.newPlace');
  const action = place ? kommunPath(page, `admin/platser/${place.id}`) : kommunPath(page, 'admin/platser');
  const labels = {
    name: t('places.fieldName'),
    description: t('places.fieldDescription'),
    lat: t('places.fieldLat'),
    lon: t('places.fieldLon'),
    polygon: t('places.fieldPolygon'),
  };
  const shown: MapFeature[] = [];
  const ownFeature = place ? placeFeature(page.kommun?.slug ?? '', place) : null;
  if (ownFeature && ownFeature.geometry.type === 'Polygon') shown.push(ownFeature);
  return (
    <Layout
      title={title}
      staff
      breadcrumbs={[
        { label: page.kommun?.name ?? '', href: kommunPath(page, 'admin') },
        { label: t('places.adminTitle'), href: kommunPath(page, 'admin/platser') },
        { label: title },
      ]}
    >
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <ErrorSummary errors={form.errors} labels={labels} />
      <div class="place-form">
        <Form action={action} label={title}>
          <TextField name="name" label={labels.name} form={form} required maxLength={placeLimits.name} defaultValue={place?.name} />
          <TextArea name="description" label={labels.description} form={form} rows={4} maxLength={placeLimits.description} defaultValue={place?.description} />
          <fieldset>
            <legend>{t('places.positionLegend')}</legend>
            <PlaceChooser
              id="place-copy-from"
              label={t('places.copyFrom')}
              emptyLabel={t('places.copyFromNone')}
              places={props.choices.filter((choice) => choice.id !== place?.id)}
            />
            <MapView
              id="place-picker"
              label={t('places.positionLegend')}
              features={shown}
              layers={[`/api/v1/${page.kommun?.slug ?? ''}/places.geojson`]}
              picker={{ lat: 'lat', lon: 'lon', choose: 'place-copy-from' }}
            />
            <div class="place-form__coords">
              <TextField name="lat" label={labels.lat} form={form} required inputMode="decimal" hint={t('places.fieldLatHint')} defaultValue={place ? String(place.lat) : undefined} />
              <TextField name="lon" label={labels.lon} form={form} required inputMode="decimal" hint={t('places.fieldLonHint')} defaultValue={place ? String(place.lon) : undefined} />
            </div>
          </fieldset>
          <TextArea
            name="polygon"
            label={labels.polygon}
            form={form}
            rows={4}
            hint={t('places.fieldPolygonHint')}
            defaultValue={place?.geometryType === 'polygon' ? place.geojson : undefined}
          />
          <div class="place-form__actions">
            <SubmitButton>{place ? t('places.save') : t('places.create')}</SubmitButton>
            <a class="ds-link" href={kommunPath(page, 'admin/platser')}>
              {t('places.cancel')}
            </a>
          </div>
        </Form>
      </div>
    </Layout>
  );
}

export function DeletePlacePage({ place }: { place: Place }) {
  const page = usePage();
  const { t } = page;
  const title = t('places.deleteTitle', { name: place.name });
  return (
    <Layout
      title={title}
      staff
      breadcrumbs={[
        { label: page.kommun?.name ?? '', href: kommunPath(page, 'admin') },
        { label: t('places.adminTitle'), href: kommunPath(page, 'admin/platser') },
        { label: title },
      ]}
    >
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p>{t('places.deleteWarning')}</p>
      <Form action={kommunPath(page, `admin/platser/${place.id}/ta-bort`)} label={title}>
        <div class="place-actions">
          <SubmitButton>{t('places.deleteConfirm')}</SubmitButton>
          <a class="ds-link" href={kommunPath(page, 'admin/platser')}>
            {t('places.cancel')}
          </a>
        </div>
      </Form>
    </Layout>
  );
}
