import { Repository } from './repository.ts';
import { FileInfo } from './entities/file-info.ts';

export class FileInfoRepository extends Repository {
  async insertMany(files: readonly FileInfo[]): Promise<void> {
    if (files.length === 0) return;
    await this.write(async (em) => {
      for (const file of files) em.create(FileInfo, file);
      await em.flush();
    });
  }

  /** A live file info, or null. */
  findLive(id: string): Promise<FileInfo | null> {
    return this.em().findOne(FileInfo, { id, deleteAt: 0 });
  }

  /** The file infos among `ids`, live or not (a deleted bookmark still names its file). */
  findByIds(ids: readonly string[]): Promise<FileInfo[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em().find(FileInfo, { id: { $in: [...ids] } });
  }

  /** The live files among `ids` that `creatorId` uploaded and no post holds yet (a draft's attachments). */
  findUnattached(ids: readonly string[], creatorId: string): Promise<FileInfo[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em().find(FileInfo, { id: { $in: [...ids] }, creatorId, postId: '', deleteAt: 0 }, { orderBy: { createAt: 'asc' } });
  }
}
