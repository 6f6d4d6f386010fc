/** Home observation, medical exceptions, lockdowns and returnees as the hub answers them. */

export type TimedStatus = 'upcoming' | 'in-force' | 'ended' | 'ended-early'
export type ObservationSubjectKind = 'person' | 'household' | 'building'

export interface ObservationOrderView {
  readonly id: string
  readonly subjectKind: ObservationSubjectKind
  readonly subjectId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly reason: string
  readonly releasedEarlyAtMs: number | null
  readonly status: TimedStatus
  readonly daysLeft: number
}

export interface MedicalExceptionView {
  readonly id: string
  readonly personId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly approvedBy: string
  readonly reason: string
  readonly status: TimedStatus
}

export interface LockdownView {
  readonly id: string
  readonly buildingId: string
  readonly startsAtMs: number
  readonly endsAtMs: number
  readonly reason: string
  readonly liftedEarlyAtMs: number | null
  readonly status: TimedStatus
  readonly daysLeft: number
}

export interface ReturneeView {
  readonly id: string
  readonly personId: string
  readonly personName: string
  readonly householdId: string | null
  readonly buildingName: string | null
  readonly unitName: string | null
  readonly room: string | null
  readonly cameFrom: string
  readonly arrivedOn: string
  readonly transport: { readonly mode: string; readonly detail?: string }
  readonly health: {
    readonly hasFever: boolean
    readonly hasRespiratorySymptoms: boolean
    readonly hasContactWithCases: boolean
    readonly hasVisitedRiskArea: boolean
    readonly note?: string
  }
  readonly hasHealthConcern: boolean
  readonly registeredAtMs: number
  readonly observationId: string | null
  readonly observationEndsAtMs: number | null
}

export interface ObservationSubject {
  readonly kind: ObservationSubjectKind
  readonly id: string
  /** Shown in the dialog: "张建国", "3号楼 2单元 502", "3号楼". */
  readonly label: string
}
