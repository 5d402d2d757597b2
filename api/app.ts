import express from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/database';
import { authenticate } from './auth';
import { ApiError, errorHandler, notFound } from './errors';
import { complaintRoutes } from './routes/complaints';
import { healthRoutes } from './routes/health';

export interface AppOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  appealWindowDays: number;
  log?: (line: Record<string, unknown>) => void;
}

export function createApp(options: AppOptions): express.Express {
  const { db, client } = options;
  const log = options.log ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(db, client));

  const v1 = express.Router();
  v1.use((req, _res, next) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    if (hasBody && req.headers['content-length'] !== '0' && !req.is('application/json') && req.headers['content-type'] !== undefined) {
      throw new ApiError(415, 'unsupported_media_type', 'send the request body as application/json');
    }
    next();
  });
  v1.use(express.json({ limit: '256kb', strict: true }));
  v1.use(authenticate(db));
  v1.use(complaintRoutes(options));
  app.use('/v1', v1);

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
