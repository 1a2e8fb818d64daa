import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { LocalRegistry } from '../../registry/index';
import type { PypiVulnerability as Vulnerability } from '../../registry/data';
import { send } from './http';
import { useFixtureRegistry } from './fixtureRegistry';

interface File {
  filename: string;
  packagetype: string;
  url: string;
  yanked: boolean;
  yanked_reason: string | null;
  upload_time_iso_8601: string;
  digests: { sha256: string };
}
interface ProjectDoc {
  info: { name: string; version: string | null; yanked: boolean; yanked_reason: string | null; release_url: string | null };
  releases?: Record<string, File[]>;
  urls: File[];
  vulnerabilities: Vulnerability[];
}

describe('local registry: PyPI JSON API', () => {
  let registry: LocalRegistry;
  useFixtureRegistry((r) => (registry = r));

  const get = async (path: string): Promise<ProjectDoc> => {
    const res = await send(registry.url, path);
    assert.equal(res.status, 200, path);
    return res.json() as ProjectDoc;
  };

  it('serves the project with every release, file digests, yanked flags and upload times', async () => {
    const doc = await get('/pypi/flask/json');
    assert.equal(doc.info.name, 'Flask');
    // The newest final release that is not yanked: 3.1.1rc1 is a pre-release.
    assert.equal(doc.info.version, '3.1.0');
    assert.deepEqual(Object.keys(doc.releases ?? {}), ['2.3.3', '3.0.2', '3.0.3', '3.1.0', '3.1.1rc1']);
    const yanked = doc.releases?.['3.0.3']?.[0];
    assert.equal(yanked?.yanked, true);
    assert.equal(yanked?.yanked_reason, 'Broken session handling; use 3.0.2');
    const file = doc.releases?.['3.0.2']?.[0];
    assert.equal(file?.filename, 'flask-3.0.2.tar.gz');
    assert.equal(file?.packagetype, 'sdist');
    assert.equal(file?.digests.sha256, createHash('sha256').update('flask-3.0.2.tar.gz').digest('hex'));
    assert.equal(file?.upload_time_iso_8601, '2024-02-03T10:00:00.000Z');
    assert.equal(doc.releases?.['3.0.2']?.[1]?.packagetype, 'bdist_wheel');
  });

  it('skips yanked releases for info.version', async () => {
    const doc = await get('/pypi/requests/json');
    assert.equal(doc.info.version, '2.32.3');
    assert.equal(doc.releases?.['2.32.0']?.[0]?.yanked, true);
  });

  it('looks names up PEP 503 normalised', async () => {
    for (const name of ['Flask_SQLAlchemy', 'flask-sqlalchemy', 'FLASK.SQLALCHEMY', 'flask__sqlalchemy']) {
      const doc = await get(`/pypi/${name}/json`);
      assert.equal(doc.info.name, 'Flask-SQLAlchemy', name);
    }
    assert.equal(registry.requests[0]?.package, 'Flask_SQLAlchemy');
    assert.equal(registry.requests[0]?.endpoint, 'pypiProject');
  });

  it('serves a release with its files and OSV rows, withdrawn ones included', async () => {
    const doc = await get('/pypi/Django/4.2.11/json');
    assert.equal(doc.info.version, '4.2.11');
    assert.equal(doc.releases, undefined);
    assert.deepEqual(doc.urls.map((file) => file.filename), ['Django-4.2.11.tar.gz', 'Django-4.2.11-py3-none-any.whl']);
    assert.deepEqual(doc.vulnerabilities.map((v) => [v.id, v.withdrawn]), [
      ['GHSA-2qcw-7m4x-h9pv', null],
      ['GHSA-5x9c-rq3m-w8hp', '2024-08-02T09:30:00Z'],
    ]);
    const row = doc.vulnerabilities[0];
    assert.deepEqual(row?.fixed_in, ['4.2.14', '5.0.7']);
    assert.deepEqual(row?.aliases, ['GHSA-m6x4-9vqc-2hfr']);
    assert.equal(registry.requests[0]?.endpoint, 'pypiRelease');
    assert.equal(registry.requests[0]?.version, '4.2.11');
  });

  it('marks a yanked release in info', async () => {
    const doc = await get('/pypi/flask/3.0.3/json');
    assert.equal(doc.info.yanked, true);
    assert.equal(doc.info.yanked_reason, 'Broken session handling; use 3.0.2');
  });

  it('serves local versions, encoded or not', async () => {
    assert.equal((await get('/pypi/mlutils/1.0%2Blocal/json')).info.version, '1.0+local');
    assert.equal((await get('/pypi/torch/2.2.1+cpu/json')).urls[0]?.filename, 'torch-2.2.1+cpu-cp311-cp311-linux_x86_64.whl');
  });

  it('serves the same data under a private-index prefix, with URLs under that prefix', async () => {
    const doc = await get('/private-index/pypi/requests/2.31.0/json');
    assert.equal(doc.info.name, 'requests');
    assert.ok(doc.urls[0]?.url.startsWith(`${registry.url}/private-index/packages/`));
    assert.equal(doc.info.release_url, `${registry.url}/private-index/project/requests/2.31.0/`);
    assert.equal(registry.requests[0]?.endpoint, 'pypiRelease');
    assert.equal((await get('/private-index/pypi/numpy/json')).info.version, '2.0.0');
  });

  it('answers 404 for unknown projects and versions', async () => {
    assert.equal((await send(registry.url, '/pypi/no-such-project/json')).status, 404);
    assert.equal((await send(registry.url, '/pypi/requests/9.9.9/json')).status, 404);
    // Exact version strings only, as PyPI: 2.31 is not 2.31.0.
    assert.equal((await send(registry.url, '/pypi/requests/2.31/json')).status, 404);
  });
});
