import "server-only";
import { AppointmentStatus, NoteStatus } from "../generated/enums";
import {
  BMP_PANEL,
  BODY_TEMPERATURE,
  CBC_PANEL,
  HBA1C_PANEL,
  LIPID_PANEL,
  OXYGEN_SATURATION,
  TSH_PANEL,
  VITALS_PANEL,
  type LabPanelDefinition,
} from "./catalog/lab-panels";
import { ACUTE_PROBLEMS, type ProblemKey } from "./catalog/problems";
import { chartRows, type VisitRecord } from "./chart-rows";
import { buildClinicalCourse, type ClinicalCourse, type ConditionCourse, type Encounter } from "./clinical-course";
import { isoFromDay, type Day } from "./days";
import type { VisitTypeCode } from "./demo-clinic";
import type { HistoryDensity } from "./density";
import { clinicalStateOn, Physiology, type ClinicalState, type Measurement } from "./labs";
import { labReviewAddendum, writeNote, type NoteInput } from "./notes";
import { ageOn, buildPatientProfile, patientRows, type PatientProfile } from "./patients";
import type { Random } from "./random";
import { appendRows, emptyRows, type SeedRows } from "./rows";
import { appointmentTimes, type PhysicianCalendar } from "./schedule";
import type { ClinicPhysician, VisitTypeInfo } from "./staff";
import { minutesAfter, zonedTimeToUtc } from "../../scheduling/zoned-time";

// Everything one patient contributes: demographics, chart, past visits with
// signed notes, and lab results, from the patient's own random streams.

export interface RecordContext {
  seedDay: Day;
  /** Start of the seed day in the clinic's zone: everything in the past happened before it. */
  historyEnd: Date;
  density: HistoryDensity;
  physicians: readonly ClinicPhysician[];
  calendars: readonly PhysicianCalendar[];
  visitTypes: Record<VisitTypeCode, VisitTypeInfo>;
  schedulerUserId: string;
}

interface LabDraw {
  day: Day;
  /** The visit the draw belongs to: ordered at intake, or drawn ahead of a follow-up. */
  encounter: Encounter;
  panels: readonly LabPanelDefinition[];
}

interface DrawResult {
  day: Day;
  measurements: Measurement[];
}

const CANCEL_REASONS = [
  "Patient request: work conflict",
  "Patient feeling better; no longer needed",
  "Scheduling conflict; patient will rebook",
  "Patient travelling",
  "Patient unwell with another illness; will rebook",
] as const;

/** Labs older than this are not quoted in a note. */
const RECENT_LAB_DAYS = 45;
const DAY_MS = 86_400_000;

export function buildPatientRecord(index: number, random: Random, context: RecordContext): SeedRows {
  const profile = buildPatientProfile(index, random.fork("profile"), context.physicians, context.seedDay);
  const course = buildClinicalCourse(profile, random.fork("course"), {
    seedDay: context.seedDay,
    density: context.density,
    calendar: context.calendars[profile.physician.index] as PhysicianCalendar,
    visitTypes: context.visitTypes,
  });
  return new PatientRecordBuilder(profile, course, random, context).build();
}

class PatientRecordBuilder {
  private readonly rows = emptyRows();
  private readonly ids: Random;
  private readonly labRandom: Random;
  private readonly noteRandom: Random;
  private readonly timeRandom: Random;
  /** Its own stream: the screenings' ids leave every other row as it was before they existed. */
  private readonly screeningIds: Random;
  private readonly physiology: Physiology;
  private readonly visits = new Map<Encounter, VisitRecord>();
  private readonly noteIds = new Map<Encounter, string>();
  private readonly draws: LabDraw[];
  private latestDraw: DrawResult | null = null;

  constructor(
    private readonly profile: PatientProfile,
    private readonly course: ClinicalCourse,
    random: Random,
    private readonly context: RecordContext,
  ) {
    this.ids = random.fork("ids");
    this.labRandom = random.fork("labs");
    this.noteRandom = random.fork("notes");
    this.timeRandom = random.fork("times");
    this.screeningIds = random.fork("screenings");
    this.physiology = new Physiology(profile, random.fork("physiology"), course.conditions.some((condition) => condition.key === "obesity"));
    this.draws = this.planDraws();
  }

  build(): SeedRows {
    appendRows(this.rows, { ...emptyRows(), ...patientRows(this.profile, this.context.seedDay, this.screeningIds) });
    // Draws before a visit sort ahead of it; intake labs come a few days after the intake.
    const events = [
      ...this.course.encounters.map((encounter) => ({ day: encounter.day, order: 1, run: () => this.addEncounter(encounter) })),
      ...this.draws.map((draw) => ({ day: draw.day, order: 0, run: () => this.addDraw(draw) })),
    ].sort((a, b) => a.day - b.day || a.order - b.order);
    for (const event of events) event.run();
    appendRows(this.rows, { ...emptyRows(), ...chartRows(this.profile, this.course, this.visits, this.ids) });
    return this.rows;
  }

  // -------------------------------------------------------------------------
  // Lab draws

  private planDraws(): LabDraw[] {
    const draws: LabDraw[] = [];
    const encounters = this.course.encounters;
    encounters.forEach((encounter, position) => {
      if (encounter.kind === "intake" && encounter.status === AppointmentStatus.COMPLETED) {
        const day = encounter.day + this.labRandom.int(3, 10);
        const next = encounters[position + 1];
        if (day < this.context.seedDay && (!next || day < next.day)) {
          draws.push({ day, encounter, panels: [BMP_PANEL, CBC_PANEL, LIPID_PANEL, HBA1C_PANEL, TSH_PANEL] });
        }
      } else if (encounter.preVisitDraw) {
        const day = encounter.day - this.labRandom.int(2, 7);
        const previous = encounters[position - 1];
        if (!previous || day > previous.day) draws.push({ day, encounter, panels: this.panelsFor(day) });
      }
    });
    return draws;
  }

  /** A BMP every time; the rest when a problem calls for it, or now and then as routine care. */
  private panelsFor(day: Day): LabPanelDefinition[] {
    const state = clinicalStateOn(this.profile, this.course, day);
    const has = (...keys: ProblemKey[]) => keys.some((key) => state.problems.has(key));
    const { density } = this.context;
    const random = this.labRandom;
    return [
      BMP_PANEL,
      ...(has("ironDeficiencyAnemia", "chronicKidneyDisease") || random.chance(density.routineCbcShare) ? [CBC_PANEL] : []),
      ...(has("hyperlipidemia", "type2Diabetes") || random.chance(density.routineLipidShare) ? [LIPID_PANEL] : []),
      ...(has("type2Diabetes", "prediabetes") || random.chance(density.screeningShare) ? [HBA1C_PANEL] : []),
      ...(has("hypothyroidism") || random.chance(density.screeningShare) ? [TSH_PANEL] : []),
    ];
  }

  private addDraw(draw: LabDraw): void {
    const state = clinicalStateOn(this.profile, this.course, draw.day);
    const effectiveAt = zonedTimeToUtc(isoFromDay(draw.day), this.labRandom.int(7 * 60 + 30, 10 * 60 + 30), this.profile.timeZone);
    const measurements = draw.panels.flatMap((panel) => this.recordPanel(panel, state, effectiveAt));
    this.latestDraw = { day: draw.day, measurements };
    if (draw.encounter.kind === "intake") this.addIntakeLabsAddendum(draw, measurements);
  }

  private recordPanel(
    panel: LabPanelDefinition,
    state: ClinicalState,
    effectiveAt: Date,
    keep: (measurement: Measurement) => boolean = () => true,
  ): Measurement[] {
    const measurements = this.physiology.measure(panel, state, this.labRandom).filter(keep);
    for (const measurement of measurements) {
      this.rows.labResults.push({
        id: this.ids.uuid(),
        patientId: this.profile.id,
        panel: panel.name,
        loincCode: measurement.analyte.loincCode,
        analyte: measurement.analyte.analyte,
        valueNumeric: measurement.value,
        valueText: null,
        unit: measurement.analyte.unit,
        referenceLow: measurement.referenceLow,
        referenceHigh: measurement.referenceHigh,
        flag: measurement.flag,
        effectiveAt,
      });
    }
    return measurements;
  }

  // -------------------------------------------------------------------------
  // Visits

  private addEncounter(encounter: Encounter): void {
    const physician = this.profile.physician;
    const visitType = this.context.visitTypes[encounter.visitTypeCode];
    const { startsAt, endsAt } = appointmentTimes(physician, encounter.day, encounter.startMinute, visitType);
    const bookedAt = this.bookedAt(encounter, startsAt);
    const appointmentId = this.ids.uuid();
    const cancelledAt = encounter.status === AppointmentStatus.CANCELLED ? this.cancelledAt(startsAt, bookedAt) : null;
    this.rows.appointments.push({
      id: appointmentId,
      patientId: this.profile.id,
      physicianId: physician.id,
      visitTypeId: visitType.id,
      startsAt,
      endsAt,
      status: encounter.status,
      reason: this.reasonFor(encounter),
      bookedById: this.context.schedulerUserId,
      sequence: cancelledAt ? 1 : 0,
      cancelReason: cancelledAt ? this.timeRandom.pick(CANCEL_REASONS) : null,
      cancelledAt,
      rescheduledFromId: null,
      createdAt: bookedAt,
      updatedAt: cancelledAt ?? minutesAfter(endsAt, 10),
    });
    if (encounter.status !== AppointmentStatus.COMPLETED) return;

    const startedAt = minutesAfter(startsAt, this.timeRandom.int(-2, 6));
    const endedAt = minutesAfter(startedAt, Math.max(5, visitType.durationMinutes + this.timeRandom.int(-4, 8)));
    const visitId = this.ids.uuid();
    this.visits.set(encounter, { visitId, startedAt, endedAt });
    this.rows.visits.push({
      id: visitId,
      appointmentId,
      roomName: `visit-${this.ids.hex(24)}`,
      startedAt,
      endedAt,
      createdAt: minutesAfter(startsAt, -10),
    });
    this.addNote(encounter, visitId, startedAt, endedAt);
  }

  private bookedAt(encounter: Encounter, startsAt: Date): Date {
    if (encounter.kind === "intake") return this.profile.registeredAt;
    const leadHours = encounter.kind === "acute" ? this.timeRandom.int(2, 30) : this.timeRandom.int(7 * 24, 60 * 24);
    return new Date(Math.max(this.profile.registeredAt.getTime(), startsAt.getTime() - leadHours * 3_600_000));
  }

  private cancelledAt(startsAt: Date, bookedAt: Date): Date {
    const candidate = startsAt.getTime() - this.timeRandom.int(1, 5) * DAY_MS;
    return new Date(Math.max(candidate, bookedAt.getTime() + 3_600_000));
  }

  private reasonFor(encounter: Encounter): string {
    if (encounter.kind === "intake") return "New patient visit to establish care";
    if (encounter.acuteProblem) return ACUTE_PROBLEMS[encounter.acuteProblem].reason;
    const known = this.chronicProblemsAt(encounter).filter((condition) => condition.diagnosedAt.index < encounter.index);
    if (known.length === 0) return "Annual check-up";
    return `Follow-up: ${known
      .slice(0, 3)
      .map((condition) => condition.definition.shortName)
      .join(", ")}`;
  }

  private chronicProblemsAt(encounter: Encounter): ConditionCourse[] {
    return this.course.conditions.filter(
      (condition) =>
        condition.definition.kind === "chronic" &&
        condition.diagnosedAt.index <= encounter.index &&
        (condition.resolvedDay === null || condition.resolvedDay > encounter.day),
    );
  }

  private addNote(encounter: Encounter, visitId: string, startedAt: Date, endedAt: Date): void {
    const illness = this.acuteConditionOf(encounter);
    const vitals = this.recordVitals(encounter, illness, minutesAfter(startedAt, 1));
    const note = writeNote(this.noteInput(encounter, illness, vitals), this.noteRandom);
    const signedAt = this.beforeHistoryEnd(minutesAfter(endedAt, this.timeRandom.int(3, 150)));
    const authorId = this.profile.physician.userId;
    const noteId = this.ids.uuid();
    this.noteIds.set(encounter, noteId);
    // Inserted already signed: the database refuses any change to a signed note.
    this.rows.consultationNotes.push({
      id: noteId,
      visitId,
      authorId,
      status: NoteStatus.SIGNED,
      version: this.timeRandom.int(2, 7),
      ...note,
      signedAt,
      signedById: authorId,
      createdAt: startedAt,
      updatedAt: signedAt,
    });
  }

  private acuteConditionOf(encounter: Encounter): ConditionCourse | null {
    return this.course.conditions.find((condition) => condition.diagnosedAt === encounter && condition.definition.kind === "acute") ?? null;
  }

  /** Patients report vitals at the start of a video visit; temperature and oxygen saturation mainly when unwell or short of breath. */
  private recordVitals(encounter: Encounter, illness: ConditionCourse | null, effectiveAt: Date): Measurement[] {
    const acute = illness?.definition.kind === "acute" ? illness.definition : null;
    const feverish = acute !== null && acute.febrile && this.labRandom.chance(0.5);
    const state = clinicalStateOn(this.profile, this.course, encounter.day, acute, feverish);
    const full = acute !== null || state.problems.has("asthma") || state.problems.has("copd") || this.labRandom.chance(0.3);
    const optional = (measurement: Measurement) => measurement.analyte === BODY_TEMPERATURE || measurement.analyte === OXYGEN_SATURATION;
    return this.recordPanel(VITALS_PANEL, state, effectiveAt, (measurement) => full || !optional(measurement));
  }

  private noteInput(encounter: Encounter, illness: ConditionCourse | null, vitals: Measurement[]): NoteInput {
    const { conditions, therapies, encounters } = this.course;
    const nextFollowUp = encounters.find((candidate) => candidate.index > encounter.index && candidate.kind === "follow-up");
    const nextDraw = nextFollowUp && this.draws.find((draw) => draw.encounter === nextFollowUp);
    const daysToNextVisit = nextFollowUp ? nextFollowUp.day - encounter.day : this.typicalFollowUpDays();
    return {
      profile: this.profile,
      age: ageOn(this.profile, encounter.day),
      encounter,
      chronicProblems: this.chronicProblemsAt(encounter),
      diagnosedToday: conditions.filter((condition) => condition.diagnosedAt === encounter && condition.definition.kind === "chronic"),
      acuteProblem: illness,
      resolvedToday: conditions.filter((condition) => condition.definition.kind === "chronic" && condition.resolvedDay === encounter.day),
      started: therapies.filter((therapy) => therapy.startedAt === encounter),
      stopped: therapies.filter((therapy) => therapy.stoppedAt === encounter),
      continuing: therapies.filter(
        (therapy) =>
          therapy.startedAt.index < encounter.index &&
          therapy.stoppedAt !== encounter &&
          (therapy.endDay === null || therapy.endDay > encounter.day),
      ),
      allergies: this.course.allergies,
      vitals,
      recentLabs: this.latestDraw && this.latestDraw.day >= encounter.day - RECENT_LAB_DAYS ? this.latestDraw : null,
      labsBeforeNextVisit: nextDraw ? nextDraw.panels.map((panel) => panel.name) : [],
      nextVisitInMonths: Math.max(1, Math.round(daysToNextVisit / 30.4)),
    };
  }

  private typicalFollowUpDays(): number {
    const [min, max] = this.course.conditions.length > 0 ? this.context.density.followUpDays.chronic : this.context.density.followUpDays.healthy;
    return (min + max) / 2;
  }

  /** Intake labs come back after the intake note was signed, so the physician adds a short addendum. */
  private addIntakeLabsAddendum(draw: LabDraw, measurements: readonly Measurement[]): void {
    const noteId = this.noteIds.get(draw.encounter);
    if (!noteId) return;
    const reviewDay = draw.day + this.timeRandom.int(1, 3);
    const createdAt = zonedTimeToUtc(isoFromDay(reviewDay), this.timeRandom.int(16 * 60, 18 * 60), this.profile.physician.timeZone);
    if (createdAt >= this.context.historyEnd) return;
    this.rows.noteAddenda.push({
      id: this.ids.uuid(),
      noteId,
      authorId: this.profile.physician.userId,
      body: labReviewAddendum(draw.day, measurements),
      createdAt,
    });
  }

  private beforeHistoryEnd(instant: Date): Date {
    return instant < this.context.historyEnd ? instant : minutesAfter(this.context.historyEnd, -1);
  }
}
