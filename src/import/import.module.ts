import { Module } from '@nestjs/common';
import { ImportController } from './import.controller';

/** Import of an existing record from the template (docs/import.md); export is in the same template. */
@Module({ controllers: [ImportController] })
export class ImportModule {}
