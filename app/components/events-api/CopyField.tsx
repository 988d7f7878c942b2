import { Button, TextField } from "@shopify/polaris";
import { useState } from "react";

/** A read-only value with a Copy button; selecting the field works where the clipboard API does not. */
export function CopyField({
  label,
  value,
  monospaced = true,
  multiline,
}: {
  label: string;
  value: string;
  monospaced?: boolean;
  multiline?: number;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // The admin's iframe may not be allowed the clipboard: the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <TextField
      label={label}
      value={value}
      readOnly
      selectTextOnFocus
      monospaced={monospaced}
      multiline={multiline}
      autoComplete="off"
      connectedRight={
        <Button onClick={copy} accessibilityLabel={`Copy ${label}`}>
          {copied ? "Copied" : "Copy"}
        </Button>
      }
    />
  );
}
