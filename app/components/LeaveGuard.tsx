/**
 * Keeps a changed form from being lost without a word. While the form differs from what is
 * saved: App Bridge's save bar shows (when the real App Bridge is there to draw it), leaving
 * for another page of the app asks first, and closing or reloading the tab gets the browser's
 * own warning. Posting the form is not leaving: its redirect after a save goes through.
 */
import { useBeforeUnload, useBlocker, useNavigation } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Modal, Text } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";

/** The real App Bridge defines `<ui-save-bar>`; the offline stand-in does not. */
function useSaveBarAvailable(): boolean {
  const [available, setAvailable] = useState(false);
  // After hydration only, so the server's page and the browser's first render agree.
  useEffect(() => setAvailable(typeof customElements !== "undefined" && !!customElements.get("ui-save-bar")), []);
  return available;
}

export function LeaveGuard({
  dirty,
  onSave,
  onDiscard,
}: {
  dirty: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  const navigation = useNavigation();
  const posting =
    navigation.state !== "idle" && navigation.formMethod !== undefined && navigation.formMethod.toUpperCase() !== "GET";
  const guarding = dirty && !posting;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => guarding && currentLocation.pathname !== nextLocation.pathname,
  );
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!guarding) return;
        event.preventDefault();
        // Older browsers show the warning only when returnValue is set.
        event.returnValue = "";
      },
      [guarding],
    ),
  );
  // Saved or discarded meanwhile: a pending question no longer applies.
  useEffect(() => {
    if (blocker.state === "blocked" && !dirty) blocker.proceed();
  }, [blocker, dirty]);
  const saveBar = useSaveBarAvailable();

  return (
    <>
      {saveBar && (
        <SaveBar id="loyalty-save-bar" open={dirty}>
          {/* App Bridge draws the bar's buttons from these: `variant` marks Save, `loading` its spinner. */}
          {/* eslint-disable-next-line react/no-unknown-property -- an App Bridge attribute, not a DOM one */}
          <button variant="primary" onClick={onSave} loading={posting ? "" : undefined}></button>
          <button onClick={onDiscard}></button>
        </SaveBar>
      )}
      <Modal
        open={blocker.state === "blocked"}
        onClose={() => blocker.reset?.()}
        title="Leave without saving?"
        primaryAction={{ content: "Stay on this page", onAction: () => blocker.reset?.() }}
        secondaryActions={[
          { content: "Leave and discard changes", destructive: true, onAction: () => blocker.proceed?.() },
        ]}
      >
        <Modal.Section>
          <Text as="p">Your changes on this page have not been saved. If you leave now, they are lost.</Text>
        </Modal.Section>
      </Modal>
    </>
  );
}
