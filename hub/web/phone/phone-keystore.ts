/**
 * The phone's own key: an Ed25519 pair made by WebCrypto with the private half NOT extractable,
 * kept as CryptoKey objects in IndexedDB (the browser stores the key material; script can sign
 * with it but never read it). Needs a secure context (HTTPS or localhost): docs/phone-app.md.
 */
import { base64 } from './phone-signing.js'

export interface StoredPhoneKey {
  /** The hub's id of the registered key (`pk-…`), named in QR codes and signed requests. */
  readonly keyId: string
  readonly privateKey: CryptoKey
  readonly publicKey: CryptoKey
}

const DATABASE = 'gatehouse-phone'
const STORE = 'keys'
const RECORD = 'phone'
const ED25519 = { name: 'Ed25519' }

/** Whether this browser can make and use an Ed25519 key (Chromium 113+, Safari 17+, Firefox 129+). */
export function hasPhoneCrypto(): boolean {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined && typeof indexedDB !== 'undefined'
}

export async function createPhoneKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ED25519, false, ['sign', 'verify'])) as CryptoKeyPair
}

/** The public half as POST /api/phone-enrollment takes it: the raw 32 bytes, standard base64. */
export async function rawPublicKeyBase64(publicKey: CryptoKey): Promise<string> {
  return base64(new Uint8Array(await crypto.subtle.exportKey('raw', publicKey)))
}

export async function signWith(privateKey: CryptoKey, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, bytes as Uint8Array<ArrayBuffer>))
}

export async function savePhoneKey(key: StoredPhoneKey): Promise<void> {
  await withStore('readwrite', (store) => store.put(key, RECORD))
}

export async function loadPhoneKey(): Promise<StoredPhoneKey | null> {
  const found = await withStore<StoredPhoneKey | undefined>('readonly', (store) => store.get(RECORD) as IDBRequest<StoredPhoneKey | undefined>)
  return found ?? null
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function withStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await openDatabase()
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode)
      const request = act(transaction.objectStore(STORE))
      transaction.oncomplete = () => resolve(request.result)
      transaction.onerror = () => reject(transaction.error)
      transaction.onabort = () => reject(transaction.error)
    })
  } finally {
    database.close()
  }
}
