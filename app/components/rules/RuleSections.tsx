/** The form sections a kind of rule needs, in the order a merchant fills them in. */
import type { RuleFields } from "../../domain/rules/form";
import type { RuleKind } from "../../domain/rules/rule";
import { AccountChecksSection } from "./AccountChecksSection";
import { GeneralSection } from "./GeneralSection";
import { LimitsSection } from "./LimitsSection";
import { PagesSection } from "./PagesSection";
import { PointsSection } from "./PointsSection";
import { ProfileSection } from "./ProfileSection";
import { ReferralSection } from "./ReferralSection";
import { ScheduleSection } from "./ScheduleSection";
import type { SectionProps } from "./section";
import { SpendSection } from "./SpendSection";

export interface RuleSectionsProps extends SectionProps {
  kind: RuleKind;
  currencyCode: string;
  timeZone: string;
  onReplace: (fields: RuleFields) => void;
}

export function RuleSections(props: RuleSectionsProps) {
  const { kind } = props;
  const section = { fields: props.fields, errors: props.errors, onChange: props.onChange };
  const engagement = kind !== "spend" && kind !== "referral";
  return (
    <>
      <GeneralSection {...section} kind={kind} />
      {kind === "spend" && <SpendSection {...section} currencyCode={props.currencyCode} />}
      {kind === "referral" && <ReferralSection {...section} />}
      {kind === "profile_completed" && <ProfileSection {...section} />}
      {engagement && kind !== "profile_completed" && <PointsSection {...section} kind={kind} />}
      {kind === "page_visit" && <PagesSection {...section} onReplace={props.onReplace} />}
      {engagement && <AccountChecksSection {...section} />}
      <LimitsSection {...section} />
      <ScheduleSection {...section} timeZone={props.timeZone} />
    </>
  );
}
