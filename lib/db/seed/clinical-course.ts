import "server-only";
import { AppointmentStatus, MedicationStatus, ProblemStatus } from "../generated/enums";
import { ALLERGENS } from "./catalog/allergies";
import { DRUGS, type DrugClass, type DrugDefinition, type DrugKey } from "./catalog/drugs";
import {
  ACUTE_PROBLEMS,
  CHRONIC_PROBLEMS,
  type AcuteProblemDefinition,
  type AcuteProblemKey,
  type ChronicProblemDefinition,
  type ChronicProblemKey,
  type ProblemDefinition,
  type ProblemKey,
  type TherapyLine,
} from "./catalog/problems";
import { yearsToDays, type Day } from "./days";
import { DEMO_PATIENT, type PlannedAllergy, type VisitTypeCode } from "./demo-clinic";
import type { HistoryDensity } from "./density";
import { ageOn, type PatientProfile } from "./patients";
import type { Random } from "./random";
import { blockMinutes, type PhysicianCalendar } from "./schedule";
import type { VisitTypeInfo } from "./staff";

// A patient's story before any row is written: which problems they have and
// since when, the visits they booked (and missed), and what was prescribed,
// changed or stopped at which visit.

export type EncounterKind = "intake" | "follow-up" | "acute";

export interface Encounter {
  index: number;
  kind: EncounterKind;
  /** Local date in the physician's zone. */
  day: Day;
  startMinute: number;
  visitTypeCode: VisitTypeCode;
  status: AppointmentStatus;
  acuteProblem: AcuteProblemKey | null;
  /** Blood drawn a few days before the visit. */
  preVisitDraw: boolean;
}

export interface ConditionCourse {
  key: ProblemKey;
  definition: ProblemDefinition;
  onsetDay: Day;
  diagnosedAt: Encounter;
  resolvedDay: Day | null;
  status: ProblemStatus;
}

export interface TherapyCourse {
  drugKey: DrugKey;
  drug: DrugDefinition;
  condition: ConditionCourse;
  startedAt: Encounter;
  endDay: Day | null;
  stoppedAt: Encounter | null;
  status: MedicationStatus;
  stopReason: string | null;
}

export interface ClinicalCourse {
  encounters: Encounter[];
  conditions: ConditionCourse[];
  therapies: TherapyCourse[];
  allergies: PlannedAllergy[];
}

interface ChronicPlan {
  key: ChronicProblemKey;
  onsetDay: Day;
  /** The demo patient's story is fixed: first-line therapy always starts, and nothing resolves by chance. */
  scripted: boolean;
  /** The first therapy change for this problem happens. */
  forceChange: boolean;
}

interface PatientPlan {
  chronic: ChronicPlan[];
  acute: { key: AcuteProblemKey; day: Day }[];
  allergies: PlannedAllergy[];
}

export interface CourseContext {
  seedDay: Day;
  density: HistoryDensity;
  calendar: PhysicianCalendar;
  visitTypes: Record<VisitTypeCode, VisitTypeInfo>;
}

const PRE_EXISTING_SHARE = 0.55;
const DIAGNOSIS_DELAY_DAYS = [30, 240] as const;
const NO_SHOW_SHARE = 0.03;
const CANCELLED_SHARE = 0.04;
/** How far past the wanted day a visit may slip when the physician is booked up. */
const BOOKING_SEARCH_DAYS = 21;

export function buildClinicalCourse(profile: PatientProfile, random: Random, context: CourseContext): ClinicalCourse {
  const plan = profile.index === 0 ? demoPlan(context.seedDay) : randomPlan(profile, random.fork("plan"), context.seedDay);
  const encounters = scheduleEncounters(profile, plan, random.fork("schedule"), context);
  const treatment = new TreatmentBuilder(encounters, plan.allergies, random.fork("treatment"), context.seedDay);
  for (const chronic of [...plan.chronic].sort((a, b) => a.onsetDay - b.onsetDay)) treatment.addChronic(chronic);
  for (const encounter of encounters) {
    if (encounter.acuteProblem && encounter.status === AppointmentStatus.COMPLETED) treatment.addAcute(encounter, encounter.acuteProblem);
  }
  return { encounters, conditions: treatment.conditions, therapies: treatment.therapies, allergies: plan.allergies };
}

// ---------------------------------------------------------------------------
// Plans

function demoPlan(seedDay: Day): PatientPlan {
  return {
    chronic: DEMO_PATIENT.conditions.map((condition) => ({
      key: condition.problem,
      onsetDay: seedDay - yearsToDays(condition.onsetYearsAgo),
      scripted: true,
      forceChange: condition.changesTherapy,
    })),
    acute: DEMO_PATIENT.acuteEpisodes.map((episode) => ({ key: episode.problem, day: seedDay - yearsToDays(episode.yearsAgo) })),
    allergies: [...DEMO_PATIENT.allergies],
  };
}

function randomPlan(profile: PatientProfile, random: Random, seedDay: Day): PatientPlan {
  const age = ageOn(profile, seedDay);
  const chronicKeys = (Object.keys(CHRONIC_PROBLEMS) as ChronicProblemKey[]).filter(
    (key) => age >= CHRONIC_PROBLEMS[key].minAge && random.chance(prevalenceAt(CHRONIC_PROBLEMS[key], age)),
  );
  const focus = profile.physician.focus.filter((key) => age >= CHRONIC_PROBLEMS[key].minAge);
  if (focus.length > 0 && !focus.some((key) => chronicKeys.includes(key))) chronicKeys.push(random.pick(focus));
  const withoutOverlaps = chronicKeys.includes("type2Diabetes") ? chronicKeys.filter((key) => key !== "prediabetes") : chronicKeys;

  return {
    chronic: withoutOverlaps.flatMap((key) => {
      const onsetDay = chronicOnset(profile, CHRONIC_PROBLEMS[key], random, seedDay);
      return onsetDay === null ? [] : [{ key, onsetDay, scripted: false, forceChange: false }];
    }),
    acute: acuteEpisodes(profile, random, seedDay),
    allergies: randomAllergies(random),
  };
}

function prevalenceAt(definition: ChronicProblemDefinition, age: number): number {
  const [young, middle, old] = definition.prevalence;
  return age < 40 ? young : age < 65 ? middle : old;
}

function chronicOnset(profile: PatientProfile, definition: ChronicProblemDefinition, random: Random, seedDay: Day): Day | null {
  const earliest = profile.birthDay + yearsToDays(definition.minAge);
  const onset = random.chance(PRE_EXISTING_SHARE)
    ? profile.historyStartDay - random.int(60, yearsToDays(15))
    : random.int(profile.historyStartDay + 30, seedDay - 30);
  const clamped = Math.max(onset, earliest);
  return clamped < seedDay - 30 ? clamped : null;
}

function acuteEpisodes(profile: PatientProfile, random: Random, seedDay: Day): PatientPlan["acute"] {
  const episodes: PatientPlan["acute"] = [];
  for (const key of Object.keys(ACUTE_PROBLEMS) as AcuteProblemKey[]) {
    const definition = ACUTE_PROBLEMS[key];
    for (let yearStart = profile.historyStartDay; yearStart < seedDay; yearStart += 365) {
      const day = yearStart + random.int(0, 364);
      if (day < seedDay && ageOn(profile, day) >= definition.minAge && random.chance(definition.episodesPerYear)) {
        episodes.push({ key, day });
      }
    }
  }
  return episodes;
}

function randomAllergies(random: Random): PlannedAllergy[] {
  return Object.entries(ALLERGENS)
    .filter(([, allergen]) => random.chance(allergen.prevalence))
    .map(([key, allergen]) => {
      const [reaction, severity] = random.pick(allergen.reactions);
      return { allergen: key as PlannedAllergy["allergen"], reaction, severity };
    });
}

// ---------------------------------------------------------------------------
// Visits

interface VisitWish {
  kind: EncounterKind;
  day: Day;
  acuteProblem: AcuteProblemKey | null;
}

function scheduleEncounters(profile: PatientProfile, plan: PatientPlan, random: Random, context: CourseContext): Encounter[] {
  const acuteWishes = plan.acute.map((episode): VisitWish => ({ kind: "acute", day: episode.day, acuteProblem: episode.key }));
  const wishes = [...followUpWishes(profile, plan, random, context), ...acuteWishes].sort((a, b) => a.day - b.day);

  const encounters: Encounter[] = [];
  let earliestDay = profile.historyStartDay;
  for (const wish of wishes) {
    // Whatever is booked first is the new-patient visit.
    const kind = encounters.length === 0 ? "intake" : wish.kind;
    const visitTypeCode = visitTypeFor(kind, random);
    const minutes = blockMinutes(context.visitTypes[visitTypeCode]);
    const slot = findSlot(context.calendar, Math.max(wish.day, earliestDay), context.seedDay, minutes, random);
    if (!slot) continue;
    context.calendar.book(slot.day, slot.startMinute, minutes);
    encounters.push({
      index: encounters.length,
      kind,
      day: slot.day,
      startMinute: slot.startMinute,
      visitTypeCode,
      status: AppointmentStatus.COMPLETED,
      acuteProblem: kind === "acute" ? wish.acuteProblem : null,
      preVisitDraw: kind === "follow-up" && random.chance(context.density.preVisitDrawShare),
    });
    earliestDay = slot.day + 1;
  }
  markMissedVisits(encounters, profile.index === 0, random);
  return encounters;
}

function followUpWishes(profile: PatientProfile, plan: PatientPlan, random: Random, context: CourseContext): VisitWish[] {
  const [min, max] = plan.chronic.length > 0 ? context.density.followUpDays.chronic : context.density.followUpDays.healthy;
  const wishes: VisitWish[] = [{ kind: "intake", day: profile.historyStartDay, acuteProblem: null }];
  for (let day = profile.historyStartDay + random.int(min, max); day < context.seedDay; day += random.int(min, max)) {
    wishes.push({ kind: "follow-up", day, acuteProblem: null });
  }
  return wishes;
}

function visitTypeFor(kind: EncounterKind, random: Random): VisitTypeCode {
  if (kind === "intake") return "NEW_PATIENT_60";
  if (kind === "acute") return random.chance(0.7) ? "FOLLOW_UP_15" : "STANDARD_30";
  return random.chance(0.55) ? "STANDARD_30" : "FOLLOW_UP_15";
}

function findSlot(
  calendar: PhysicianCalendar,
  fromDay: Day,
  seedDay: Day,
  minutes: number,
  random: Random,
): { day: Day; startMinute: number } | null {
  for (let day = fromDay; day < Math.min(seedDay, fromDay + BOOKING_SEARCH_DAYS); day++) {
    const starts = calendar.openStarts(day, minutes);
    if (starts.length > 0) return { day, startMinute: random.pick(starts) };
  }
  return null;
}

/** A few follow-ups were missed or cancelled; the demo patient has exactly one of each. */
function markMissedVisits(encounters: Encounter[], isDemoPatient: boolean, random: Random): void {
  const followUps = encounters.filter((encounter) => encounter.kind === "follow-up");
  if (isDemoPatient) {
    const [noShow, cancelled] = [followUps[2], followUps[5]];
    if (noShow) noShow.status = AppointmentStatus.NO_SHOW;
    if (cancelled) cancelled.status = AppointmentStatus.CANCELLED;
    return;
  }
  for (const encounter of followUps) {
    encounter.status = random.weighted([
      [AppointmentStatus.COMPLETED, 1 - NO_SHOW_SHARE - CANCELLED_SHARE],
      [AppointmentStatus.NO_SHOW, NO_SHOW_SHARE],
      [AppointmentStatus.CANCELLED, CANCELLED_SHARE],
    ] as const);
  }
}

// ---------------------------------------------------------------------------
// Diagnoses and prescriptions

class TreatmentBuilder {
  readonly conditions: ConditionCourse[] = [];
  readonly therapies: TherapyCourse[] = [];
  private readonly completed: Encounter[];
  private readonly allergyClasses: ReadonlySet<DrugClass>;

  constructor(
    encounters: readonly Encounter[],
    allergies: readonly PlannedAllergy[],
    private readonly random: Random,
    private readonly seedDay: Day,
  ) {
    this.completed = encounters.filter((encounter) => encounter.status === AppointmentStatus.COMPLETED);
    this.allergyClasses = new Set(allergies.flatMap((allergy) => ALLERGENS[allergy.allergen].drugClass ?? []));
  }

  addChronic(plan: ChronicPlan): void {
    const definition = CHRONIC_PROBLEMS[plan.key];
    const recordedAt = this.recordingVisit(plan.onsetDay);
    if (!recordedAt) return;
    const resolution = plan.scripted ? null : this.drawResolution(definition, recordedAt);
    const condition: ConditionCourse = {
      key: plan.key,
      definition,
      onsetDay: plan.onsetDay,
      diagnosedAt: recordedAt,
      resolvedDay: resolution?.at.day ?? null,
      status: resolution?.status ?? ProblemStatus.ACTIVE,
    };
    this.conditions.push(condition);

    definition.therapy.forEach((line, lineIndex) => {
      const firstScriptedLine = plan.scripted && lineIndex === 0;
      if (firstScriptedLine || this.random.chance(line.share)) {
        this.addTherapyLine(condition, line, firstScriptedLine && plan.forceChange, resolution?.at ?? null);
      }
    });
    if (resolution) this.stopTherapiesOf(condition, resolution.at, resolution.reason);
  }

  /**
   * Problems that began before the first visit are recorded at it; a new one is
   * diagnosed at the first routine visit after it shows up in symptoms or labs,
   * some weeks to months after it begins.
   */
  private recordingVisit(onsetDay: Day): Encounter | undefined {
    const noticedDay = onsetDay + this.random.int(...DIAGNOSIS_DELAY_DAYS);
    const firstVisit = this.completed[0];
    if (firstVisit && onsetDay < firstVisit.day) return firstVisit;
    return this.completed.find((encounter) => encounter.kind !== "acute" && encounter.day >= noticedDay);
  }

  private drawResolution(definition: ChronicProblemDefinition, recordedAt: Encounter) {
    const { resolution } = definition;
    if (!resolution || !this.random.chance(resolution.probability)) return null;
    const at = this.laterFollowUp(recordedAt, Infinity);
    return at ? { at, status: resolution.status, reason: resolution.reason } : null;
  }

  addAcute(encounter: Encounter, key: AcuteProblemKey): void {
    const definition: AcuteProblemDefinition = ACUTE_PROBLEMS[key];
    const resolvedDay = encounter.day + this.random.int(...definition.resolvesInDays);
    const condition: ConditionCourse = {
      key,
      definition,
      onsetDay: encounter.day - this.random.int(1, 4),
      diagnosedAt: encounter,
      resolvedDay: resolvedDay < this.seedDay ? resolvedDay : null,
      status: resolvedDay < this.seedDay ? ProblemStatus.RESOLVED : ProblemStatus.ACTIVE,
    };
    this.conditions.push(condition);
    for (const line of definition.therapy) {
      const drugKey = this.firstAllowed(line.options, encounter.day);
      if (!drugKey) continue;
      const endDay = encounter.day + (DRUGS[drugKey].courseDays ?? 10);
      const finished = endDay < this.seedDay;
      this.therapies.push({
        ...this.startTherapy(drugKey, condition, encounter),
        endDay: finished ? endDay : null,
        status: finished ? MedicationStatus.COMPLETED : MedicationStatus.ACTIVE,
      });
    }
  }

  private addTherapyLine(condition: ConditionCourse, line: TherapyLine, forceChange: boolean, resolvedAt: Encounter | null): void {
    const until = resolvedAt?.day ?? Infinity;
    const startedAt = line.addedLater ? this.laterFollowUp(condition.diagnosedAt, until) : condition.diagnosedAt;
    const drugKey = startedAt && this.firstAllowed(line.options, startedAt.day);
    if (!startedAt || !drugKey) return;
    const therapy = this.startTherapy(drugKey, condition, startedAt);
    this.therapies.push(therapy);

    const change = (line.changes ?? []).find((candidate) => candidate.from === drugKey && (forceChange || this.random.chance(candidate.probability)));
    const changedAt = change && this.laterFollowUp(startedAt, until);
    if (!change || !changedAt || !this.isAllowed(change.to, changedAt.day)) return;
    this.stop(therapy, changedAt, change.reason);
    this.therapies.push(this.startTherapy(change.to, condition, changedAt));
  }

  private startTherapy(drugKey: DrugKey, condition: ConditionCourse, startedAt: Encounter): TherapyCourse {
    return {
      drugKey,
      drug: DRUGS[drugKey],
      condition,
      startedAt,
      endDay: null,
      stoppedAt: null,
      status: MedicationStatus.ACTIVE,
      stopReason: null,
    };
  }

  private stop(therapy: TherapyCourse, at: Encounter, reason: string): void {
    therapy.endDay = at.day;
    therapy.stoppedAt = at;
    therapy.status = MedicationStatus.DISCONTINUED;
    therapy.stopReason = reason;
  }

  private stopTherapiesOf(condition: ConditionCourse, at: Encounter, reason: string): void {
    for (const therapy of this.therapies) {
      if (therapy.condition === condition && therapy.status === MedicationStatus.ACTIVE) this.stop(therapy, at, reason);
    }
  }

  /** One of the next few completed non-acute visits after `after`, before `beforeDay`. */
  private laterFollowUp(after: Encounter, beforeDay: Day): Encounter | null {
    const candidates = this.completed
      .filter((encounter) => encounter.kind !== "acute" && encounter.day > after.day && encounter.day < beforeDay)
      .slice(0, 4);
    return candidates.length > 0 ? this.random.pick(candidates) : null;
  }

  private firstAllowed(options: readonly DrugKey[], day: Day): DrugKey | null {
    return options.find((option) => this.isAllowed(option, day)) ?? null;
  }

  /** Not in a class the patient is allergic to, and not already being taken. */
  private isAllowed(drugKey: DrugKey, day: Day): boolean {
    return (
      !this.allergyClasses.has(DRUGS[drugKey].drugClass) &&
      !this.therapies.some(
        (therapy) => therapy.drugKey === drugKey && therapy.startedAt.day <= day && (therapy.endDay === null || therapy.endDay > day),
      )
    );
  }
}
