import t from 'tap'
import { checkResidentIdNumber, residentIdCheckCharacter } from '../../../hub/src/domain/people/resident-id-number.js'
import { checkPhoneNumber } from '../../../hub/src/domain/people/phone-number.js'
import {
  maskIdNumber,
  maskPersonalData,
  maskPhone,
  revealPersonalData,
  type PersonRecord,
  type PersonViewer,
} from '../../../hub/src/domain/people/mask-personal-data.js'

t.test('resident ID numbers are checked with the GB 11643 check character', async (t) => {
  // The standard's worked example: 11010519491231002 → X.
  t.equal(residentIdCheckCharacter('11010519491231002'), 'X')
  t.same(checkResidentIdNumber('11010519491231002X'), { ok: true, idNumber: '11010519491231002X' })
  t.same(checkResidentIdNumber('11010519491231002x'), { ok: true, idNumber: '11010519491231002X' }, 'lower-case x is accepted')
  t.same(checkResidentIdNumber('１１０１０５１９４９１２３１００２Ｘ'), { ok: true, idNumber: '11010519491231002X' }, 'full-width is accepted')
  t.equal(checkResidentIdNumber('110105194912310021').ok, false)
  t.match(checkResidentIdNumber('110105194912310021'), { code: 'BAD_ID_NUMBER_CHECK_DIGIT' })
  t.match(checkResidentIdNumber('11010519491331002X'), { code: 'BAD_ID_NUMBER_BIRTH_DATE' }, 'month 13')
  t.match(checkResidentIdNumber('110105190002290020'), { code: 'BAD_ID_NUMBER_BIRTH_DATE' }, '1900 was not a leap year')
  t.match(checkResidentIdNumber('1101051949123100'), { code: 'BAD_ID_NUMBER_FORMAT' })
  t.match(checkResidentIdNumber('X1010519491231002X'), { code: 'BAD_ID_NUMBER_FORMAT' })
  t.equal(residentIdCheckCharacter('1234'), null)
})

t.test('phone numbers are normalised to digits and checked', async (t) => {
  t.same(checkPhoneNumber('138 1234 5678'), { ok: true, phone: '13812345678' })
  t.same(checkPhoneNumber('+86 138-1234-5678'), { ok: true, phone: '13812345678' })
  t.same(checkPhoneNumber('００８６１３８１２３４５６７８'), { ok: true, phone: '13812345678' })
  t.same(checkPhoneNumber('(010) 6512 3456'), { ok: true, phone: '01065123456' })
  t.match(checkPhoneNumber('12812345678'), { ok: false, code: 'BAD_PHONE' }, 'no mobile starts 12')
  t.match(checkPhoneNumber('1381234567'), { ok: false, code: 'BAD_PHONE' }, 'ten digits')
  t.match(checkPhoneNumber('call me'), { ok: false, code: 'BAD_PHONE' })
})

t.test('masks keep the first three and last four characters', async (t) => {
  t.equal(maskIdNumber('110105199003071234'), '110***********1234')
  t.equal(maskPhone('13812345678'), '138****5678')
  t.equal(maskPhone('123'), '***')
})

const person: PersonRecord = {
  id: 'per-1',
  displayName: '张建国',
  role: 'tenant',
  relation: 'tenant',
  status: 'active',
  householdId: 'hh-1',
  gridId: 'grid-1',
  landlordId: 'll-1',
  phone: '13812345678',
  idNumber: '11010519491231002X',
  photoId: 'pho-1',
  buildingId: 'bld-1',
  buildingName: '1号楼',
  unitId: 'unit-1-1',
  unitName: '1单元',
  room: '101',
  createdAtMs: 0,
  updatedAtMs: 0,
}

const viewer = (overrides: Partial<PersonViewer>): PersonViewer => ({
  role: 'admin',
  gridId: null,
  landlordId: null,
  personId: null,
  householdId: null,
  ...overrides,
})

t.test('an admin sees phone and ID number masked; the reveal shows them in full', async (t) => {
  t.match(maskPersonalData(viewer({}), person), { phone: '138****5678', idNumber: '110***********002X', visibility: 'masked' })
  t.match(revealPersonalData(person), { phone: '13812345678', idNumber: '11010519491231002X', visibility: 'full' })
})

t.test('a grid manager sees their own grid with the full phone and nothing of another grid', async (t) => {
  t.match(maskPersonalData(viewer({ role: 'grid-manager', gridId: 'grid-1' }), person), {
    phone: '13812345678',
    idNumber: '110***********002X',
  })
  t.equal(maskPersonalData(viewer({ role: 'grid-manager', gridId: 'grid-2' }), person), null)
  t.equal(maskPersonalData(viewer({ role: 'grid-manager', gridId: null }), { ...person, gridId: null }), null)
})

t.test('gate staff see only who the person is', async (t) => {
  const view = maskPersonalData(viewer({ role: 'gate-staff' }), person)
  t.match(view, { displayName: '张建国', photoId: 'pho-1', phone: null, idNumber: null, householdId: null, landlordId: null, buildingName: null, room: null, visibility: 'identity' })
})

t.test('a landlord sees their own tenants only', async (t) => {
  t.match(maskPersonalData(viewer({ role: 'landlord', landlordId: 'll-1' }), person), { phone: '13812345678', idNumber: '110***********002X' })
  t.equal(maskPersonalData(viewer({ role: 'landlord', landlordId: 'll-2' }), person), null)
})

t.test('a resident sees their own household only', async (t) => {
  t.match(maskPersonalData(viewer({ role: 'resident', personId: 'per-9', householdId: 'hh-1' }), person), { phone: '13812345678' })
  t.equal(maskPersonalData(viewer({ role: 'resident', personId: 'per-9', householdId: 'hh-2' }), person), null)
  t.match(maskPersonalData(viewer({ role: 'resident', personId: 'per-1', householdId: null }), person), { id: 'per-1' }, 'themselves')
})
