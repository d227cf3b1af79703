import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendCached } from '../../common/http/cached-response.js';
import { DOCS_PAGE, docsAsset } from './docs-assets.js';
import { openApiDocument } from './openapi-document.js';

/** GET /docs (Swagger UI), /docs/openapi.json, /docs/assets/:file. Open to everyone. */
@Controller('docs')
export class DocsController {
  private readonly document = openApiDocument();

  @Get()
  page(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.status(200).type('text/html; charset=utf-8').send(DOCS_PAGE);
  }

  @Get('openapi.json')
  openapi(@Req() req: Request, @Res() res: Response): void {
    sendCached(req, res, this.document, this.document, 300);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const asset = docsAsset(file);
    if (asset === undefined) throw new NotFoundException(`no docs asset "${file}"`);
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.status(200).type(asset.contentType).send(asset.body);
  }
}
