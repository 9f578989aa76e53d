// A call activity's child runs as workflow `<parent id>/<call activity id>#<n>` (nested:
// `<parent>/a#1/b#2`); that scheme is in recorded histories, so it stays. Express matches `:id` to
// one path segment, so `/api/instances/<parent>/vet%231/timeline` would miss every route. Route
// suffixes (timeline, cancel, attachments/…) never hold '#', a child's segment always does: the
// segments after the first that hold an (encoded) '#' are joined into the id with `%2F`.
import type { RequestHandler } from 'express';

const INSTANCES = '/instances/';

export function childInstanceIds(): RequestHandler {
  return (req, _res, next) => {
    if (!req.url.startsWith(INSTANCES)) return next();
    const q = req.url.indexOf('?');
    const pathPart = q < 0 ? req.url : req.url.slice(0, q);
    const segments = pathPart.slice(INSTANCES.length).split('/');
    let idEnd = 1;
    while (idEnd < segments.length && /%23/i.test(segments[idEnd])) idEnd++;
    if (idEnd > 1) {
      const id = segments.slice(0, idEnd).join('%2F');
      req.url = INSTANCES + [id, ...segments.slice(idEnd)].join('/') + (q < 0 ? '' : req.url.slice(q));
    }
    next();
  };
}
