/**
 * The form's state as hidden inputs: what is posted is exactly what the sections show,
 * whatever Polaris renders (checkboxes, selects), and sections of other kinds post nothing.
 */
import type { RuleFields } from "../../domain/rules/form";

export function HiddenFields({ fields }: { fields: RuleFields }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}
