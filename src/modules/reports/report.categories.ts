// What residents can report. Every kommun starts with the defaults below; once its staff change
// anything, the kommun's own rows (report_categories) are used instead. A category's code is
// stable: reports keep it, and it is the Open311 service_code. A category may carry a notice
// ("fel på gatubelysning går direkt till gatuenheten"), extra questions (Open311 attributes),
// a rounded public position (sensitive) and publication before moderation with the text hidden.
import { z } from 'zod';
import type { Locale } from '../../platform/i18n/i18n.js';
import type { ReportCategoryTable } from './report.tables.js';

export interface Bilingual {
  sv: string;
  en: string;
}

export const questionDatatypes = ['string', 'text', 'number', 'datetime', 'singlevaluelist', 'multivaluelist'] as const;
export type QuestionDatatype = (typeof questionDatatypes)[number];

export interface CategoryQuestion {
  /** Stable key: the form field is `answer.<code>`, the Open311 attribute code is `<code>`. */
  code: string;
  datatype: QuestionDatatype;
  required: boolean;
  label: Bilingual;
  hint: Bilingual;
  values: { key: string; name: Bilingual }[];
}

export interface ReportCategory {
  code: string;
  name: Bilingual;
  description: Bilingual;
  notice: Bilingual;
  sensitive: boolean;
  publishAtOnce: boolean;
  questions: CategoryQuestion[];
  position: number;
  active: boolean;
}

export const categoryLimits = { code: 40, name: 80, description: 300, notice: 500, questions: 10, questionLabel: 200, values: 20, answerText: 500 } as const;

const bilingual = (max: number) => z.object({ sv: z.string().max(max), en: z.string().max(max) });

export const categoryQuestionSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  datatype: z.enum(questionDatatypes),
  required: z.boolean(),
  label: bilingual(categoryLimits.questionLabel),
  hint: bilingual(categoryLimits.questionLabel),
  values: z.array(z.object({ key: z.string().regex(/^[a-z0-9_-]{1,40}$/), name: bilingual(categoryLimits.name) })).max(categoryLimits.values),
});

const none: Bilingual = { sv: '', en: '' };

function category(code: string, position: number, name: Bilingual, description: Bilingual, extra: Partial<ReportCategory> = {}): ReportCategory {
  return { code, name, description, notice: none, sensitive: false, publishAtOnce: false, questions: [], position, active: true, ...extra };
}

export const defaultCategories: readonly ReportCategory[] = [
  category('belysning', 1, { sv: 'Dålig belysning', en: 'Poor lighting' }, { sv: 'Släckta lampor, mörka gångvägar och platser som behöver mer ljus.', en: 'Lamps out, dark paths and places that need more light.' }, {
    notice: {
      sv: 'Är en gatlampa trasig? Rapporten går direkt till kommunens gatuenhet, som lagar fel på belysningen.',
      en: 'Is a street lamp broken? The report goes straight to the kommun’s street unit, which repairs lighting faults.',
    },
    questions: [
      {
        code: 'lamps',
        datatype: 'singlevaluelist',
        required: false,
        label: { sv: 'Hur mycket är mörkt?', en: 'How much is dark?' },
        hint: none,
        values: [
          { key: 'one', name: { sv: 'En lampa är släckt', en: 'One lamp is out' } },
          { key: 'several', name: { sv: 'Flera lampor är släckta', en: 'Several lamps are out' } },
          { key: 'no_lighting', name: { sv: 'Det finns ingen belysning alls', en: 'There is no lighting at all' } },
        ],
      },
      {
        code: 'pole',
        datatype: 'string',
        required: false,
        label: { sv: 'Stolpens nummer, om du ser det', en: 'The pole’s number, if you can see it' },
        hint: { sv: 'Numret står ofta på en skylt på stolpen.', en: 'The number is often on a small sign on the pole.' },
        values: [],
      },
    ],
  }),
  category('skymd-sikt', 2, { sv: 'Skymd sikt eller buskage', en: 'Blocked view or overgrown bushes' }, { sv: 'Växtlighet eller annat som gör att man inte ser runt sig.', en: 'Plants or other things that stop you seeing around you.' }),
  category('klotter', 3, { sv: 'Klotter eller skadegörelse', en: 'Graffiti or vandalism' }, { sv: 'Klotter, krossat glas och annat som har förstörts.', en: 'Graffiti, broken glass and other damage.' }),
  category('nedskrapning', 4, { sv: 'Nedskräpning', en: 'Litter' }, { sv: 'Skräp, fulla papperskorgar och dumpade saker.', en: 'Litter, full bins and dumped things.' }),
  category('otrygg-plats', 5, { sv: 'Otrygg plats', en: 'Place that feels unsafe' }, { sv: 'En plats som känns otrygg av andra skäl.', en: 'A place that feels unsafe for other reasons.' }),
  category('ordningsstorning', 6, { sv: 'Ordningsstörning', en: 'Public disorder' }, { sv: 'Stök, oljud eller samlingar som skapar oro på en plats.', en: 'Trouble, noise or gatherings that cause worry at a place.' }, {
    sensitive: true,
    notice: {
      sv: 'Beskriv platsen och vad som händer, inte vilka som är där. Platsen visas ungefärligt på den öppna kartan.',
      en: 'Describe the place and what happens, not who is there. The place is shown approximately on the public map.',
    },
  }),
  category('trafik', 7, { sv: 'Trafik', en: 'Traffic' }, { sv: 'Farliga korsningar, fortkörning och buskörning.', en: 'Dangerous crossings, speeding and reckless driving.' }),
  category('annat', 8, { sv: 'Annat', en: 'Something else' }, { sv: 'Något annat som gör att platsen känns otrygg.', en: 'Something else that makes the place feel unsafe.' }),
];

export function categoryName(category: ReportCategory, locale: Locale): string {
  return category.name[locale] || category.name.sv;
}

export function bilingualText(text: Bilingual, locale: Locale): string {
  return text[locale] || text.sv;
}

function parseQuestions(json: string): CategoryQuestion[] {
  try {
    const parsed = z.array(categoryQuestionSchema).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function categoryOfRow(row: ReportCategoryTable): ReportCategory {
  return {
    code: row.code,
    name: { sv: row.name_sv, en: row.name_en },
    description: { sv: row.description_sv, en: row.description_en },
    notice: { sv: row.notice_sv, en: row.notice_en },
    sensitive: Boolean(row.sensitive),
    publishAtOnce: Boolean(row.publish_at_once),
    questions: parseQuestions(row.questions_json),
    position: Number(row.position),
    active: Boolean(row.active),
  };
}
