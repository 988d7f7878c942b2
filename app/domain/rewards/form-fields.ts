/**
 * The reward editor's posted fields as rewardFormSchema (./form.ts) reads them, and a stored
 * reward's values back as those fields. The form posts flat names ("costPoints",
 * "translations.0.title"); the schema reads translations as a list of rows, and names a
 * translation's problem "translations.0.title" too, so errors land under the field. Pure.
 */
import type { RewardFormInput, RewardFormValues } from "./form";

export type PostedFields = Record<string, string>;

const TRANSLATION = /^translations\.(\d{1,2})\.(locale|title|description)$/;

/** The posted fields with the translation rows gathered into a list (blank rows dropped). */
export function rewardFormInput(fields: PostedFields): RewardFormInput {
  const plain: Record<string, string> = {};
  const rows: { locale: string; title: string; description: string }[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const match = TRANSLATION.exec(name);
    if (!match) {
      plain[name] = value;
      continue;
    }
    const index = Number(match[1]);
    rows[index] ??= { locale: "", title: "", description: "" };
    rows[index][match[2] as "locale" | "title" | "description"] = value;
  }
  const translations = rows.filter((row) => row && (row.locale.trim() || row.title.trim() || row.description.trim()));
  return { ...plain, translations };
}

/** A stored reward's form values (./form.ts rewardFormValues) as the flat fields the editor posts. */
export function postedFieldsOf(values: RewardFormValues): PostedFields {
  const { translations, combinesWithOrder, combinesWithProduct, combinesWithShipping, ...plain } = values;
  const fields: PostedFields = {
    ...plain,
    combinesWithOrder: String(combinesWithOrder),
    combinesWithProduct: String(combinesWithProduct),
    combinesWithShipping: String(combinesWithShipping),
  };
  translations.forEach((row, index) => {
    fields[`translations.${index}.locale`] = row.locale;
    fields[`translations.${index}.title`] = row.title;
    fields[`translations.${index}.description`] = row.description;
  });
  return fields;
}

/** How many translation rows the fields hold (the editor shows at least one). */
export function translationRows(fields: PostedFields): number {
  let rows = 0;
  for (const name of Object.keys(fields)) {
    const match = TRANSLATION.exec(name);
    if (match) rows = Math.max(rows, Number(match[1]) + 1);
  }
  return rows;
}
