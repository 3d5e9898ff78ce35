// Files belong to records of the modules (a news item's main image, a kommun's logo, a report's
// photo). The kernel stores each file with its owner's type and id and asks the owner type, on
// every request for the file, whether the owner is public now and whether this person may read
// it; the answer decides between a public, a private and no answer at all (404). An owner that
// replaces, removes or deletes what holds a file calls detachFile in the same transaction.
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';

/** Which file of which owner, in which kommun: everything an owner type is asked about. */
export interface FileOwnerRef {
  kommunId: string;
  ownerId: string;
  fileId: string;
}

export interface FileOwnerType {
  /** Stored in files.owner_type, prefixed with the module's name: 'news.image'. Never rename one that has rows. */
  type: string;
  /** True while the owner is public content of ref.kommunId right now (published) and the file is still its own. */
  isPublic(db: Db, ref: FileOwnerRef): Promise<boolean>;
  /** True when this staff actor (with their roles in ref.kommunId) may read the owner. */
  canRead(db: Db, actor: Actor, ref: FileOwnerRef): Promise<boolean>;
  /**
   * How long a file removed from its owner is kept before it is deleted (say, evidence that
   * must outlive an edit). Meanwhile it is never public; staff who may read the owner still can.
   * Without it, removing deletes the file at once, in the same transaction.
   */
  retainAfterDetachMs?: number;
}

export function defineFileOwner(owner: FileOwnerType): FileOwnerType {
  return owner;
}

export type FileOwners = ReadonlyMap<string, FileOwnerType>;

/** Every owner type the modules declare, by type; a type declared twice is a programming error. */
export function collectFileOwners(modules: readonly { name: string; fileOwners?: readonly FileOwnerType[] }[]): FileOwners {
  const owners = new Map<string, FileOwnerType>();
  for (const module of modules) {
    for (const owner of module.fileOwners ?? []) {
      if (owners.has(owner.type)) throw new Error(`File owner type ${owner.type} is declared twice`);
      if (!owner.type.startsWith(`${module.name}.`)) throw new Error(`File owner type ${owner.type} of ${module.name} must start with "${module.name}."`);
      owners.set(owner.type, owner);
    }
  }
  return owners;
}
