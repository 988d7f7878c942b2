/**
 * The draft programme as hidden inputs (`metric`, `tiers.0.name`…): what is posted is exactly
 * what the page shows, in the order shown, whatever Polaris renders.
 */
import { TIER_FIELD_NAMES, tierFieldName, type ProgramFields } from "../../domain/tiers/form";

export function ProgramHiddenFields({ fields }: { fields: ProgramFields }) {
  return (
    <>
      <input type="hidden" name="metric" value={fields.metric} />
      <input type="hidden" name="period" value={fields.period} />
      <input type="hidden" name="graceDays" value={fields.graceDays} />
      {fields.tiers.flatMap((tier, index) =>
        TIER_FIELD_NAMES.map((field) => (
          <input
            key={tierFieldName(index, field)}
            type="hidden"
            name={tierFieldName(index, field)}
            value={tier[field]}
          />
        )),
      )}
    </>
  );
}
