/** What every section of the rule form receives, and the bindings of its Polaris fields. */
import type { RuleFieldErrors, RuleFields } from "../../domain/rules/form";

export interface SectionProps {
  fields: RuleFields;
  errors: RuleFieldErrors;
  onChange: (name: string, value: string) => void;
}

/** A text field or select bound to one form field. The value is posted by HiddenFields. */
export function bind({ fields, errors, onChange }: SectionProps, name: string) {
  return {
    value: fields[name] ?? "",
    error: errors[name],
    autoComplete: "off",
    onChange: (value: string) => onChange(name, value),
  };
}

/** A checkbox bound to a "true" / "false" form field. */
export function bindFlag({ fields, errors, onChange }: SectionProps, name: string) {
  return {
    checked: fields[name] === "true",
    error: errors[name],
    onChange: (checked: boolean) => onChange(name, String(checked)),
  };
}
