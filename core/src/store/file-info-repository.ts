import { Repository } from './repository.ts';

export class FileInfoRepository extends Repository {}
