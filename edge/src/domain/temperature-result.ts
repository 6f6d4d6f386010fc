/** A staff member acting at the kiosk; staff acts are logged with the name. */
export interface StaffMember {
  readonly id: string
  readonly name: string
}

/**
 * What temperature screening concluded for one person, as `decideAccess` sees it. `none`: no
 * measurement (the door may not need one, or the person walked away). `bad-reading`: still
 * implausible after every re-measure. `checkedBy`: a staff member's contact thermometer decided it.
 */
export type TemperatureResult =
  | { readonly status: 'none' }
  | {
      readonly status: 'normal' | 'fever'
      readonly celsius: number
      readonly isRemeasured: boolean
      readonly checkedBy: StaffMember | null
    }
  | { readonly status: 'bad-reading'; readonly celsius: number | null; readonly isRemeasured: boolean }

export const NO_TEMPERATURE: TemperatureResult = { status: 'none' }
