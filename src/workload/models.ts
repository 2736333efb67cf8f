// The model name to put in request bodies, when the user did not give one: the server's first model.

import http from 'node:http';
import { WorkloadError } from './errors.js';
import { serverRoot } from './openai-body.js';

export function firstServedModel(baseUrl: string, timeoutMs = 10_000): Promise<string> {
  const url = `${serverRoot(baseUrl)}/v1/models`;
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (body += s));
      res.on('end', () => {
        try {
          const v = JSON.parse(body) as { data?: { id?: unknown }[] };
          const id = v.data?.[0]?.id;
          if (res.statusCode === 200 && typeof id === 'string') return resolve(id);
        } catch {
          // fall through to the error below
        }
        reject(new WorkloadError(`${url} did not list a model (HTTP ${res.statusCode}); set the model name explicitly`));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new WorkloadError(`cannot read ${url}: ${e.message}`)));
  });
}
