import AWSPorts
import Foundation
import Logging
import SimKernel

/// Step 7: sync `dist/` to the edit bucket, whole or not at all. Before the first upload the worker marks a
/// deploy in progress; a sync that completes becomes the last completed deploy (a copy kept on the volume);
/// one that fails or is interrupted is followed by `restore`, which puts that copy back. A restore that
/// cannot reach S3 is tried again until it can (`repairBucketIfDue`), also by the site's next owner.
extension SessionWorker {
    /// One upload of the sync per call (the input queue is watched in between, so a different session's
    /// message stops it after the upload in flight), then the deletions.
    func sync(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        let bucket = site.endpoints.bucket
        let deployed = DeployedBuild(workspacePath: site.endpoints.workspacePath)
        guard let plan = run.syncPlan else {
            run.logger.info("\(LogLine.startingSync) to s3://\(bucket)/")
            do {
                try keepLastDeploy(site, deployed: deployed)
                try deployed.markPending(commandId: run.message.commandId)
                let existing = try aws.listObjects(bucket: bucket)
                let dist = URL(fileURLWithPath: site.endpoints.workspacePath).appendingPathComponent("dist")
                run.syncPlan = try SyncPlan.make(bucket: bucket, distDirectory: dist, files: run.builtFiles, existing: existing)
            } catch {
                return syncFailed(run, reason: Self.describe(error))
            }
            return .working
        }
        do {
            if let upload = plan.nextUploads(limit: 1).first {
                try aws.putObject(PutObjectRequest(bucket: plan.bucket, key: upload.key, body: upload.body, contentType: upload.contentType))
                plan.markUploaded(1)
                return .working
            }
            let deletions = plan.nextDeletions()
            if !deletions.isEmpty {
                let errors = try aws.deleteObjects(bucket: plan.bucket, keys: Array(deletions))
                plan.markDeleted(deletions.count - errors.count)
                if let failure = errors.first { return syncFailed(run, reason: "could not delete \(failure.key): \(failure.code)") }
                return .working
            }
        } catch {
            return syncFailed(run, reason: "\(error.code): \(error.message)")
        }
        // The bucket holds the new build: it is the last completed deploy from now on. If the copy cannot be
        // kept, the stale one goes (the next deploy copies the bucket afresh), and the mark goes either way.
        do {
            let dist = URL(fileURLWithPath: site.endpoints.workspacePath).appendingPathComponent("dist")
            try deployed.replace(with: run.builtFiles, from: dist)
            try deployed.recordCommand(DeployedBuild.commandKey(run.message))
        } catch {
            run.logger.warning("Could not keep a copy of the deploy on the volume; the next deploy copies the bucket: \(error)")
            deployed.forget()
        }
        do {
            try deployed.clearPending()
        } catch {
            run.logger.error("Could not clear the mark of the deploy in progress: \(error)")
        }
        do {
            try ledger.recordDeploy(sessionId: run.message.sessionId, commandId: run.message.commandId)
        } catch {
            run.logger.warning("Could not record the deploy in the ledger: \(error)")
        }
        run.syncPlan = nil
        run.logger.info("\(LogLine.syncComplete): \(plan.uploaded) uploaded, \(plan.deleted) deleted")
        return .finished(.succeeded)
    }

    private func syncFailed(_ run: CommandRun, reason: String) -> StepProgress {
        let progress = run.syncPlan.map { " (\($0.uploaded) uploaded, \($0.deleted) deleted before it)" } ?? ""
        run.logger.error("\(LogLine.syncFailed): \(reason)\(progress)")
        run.syncPlan = nil
        return .finished(.failed(reason))
    }

    /// After a sync that failed or was interrupted: the bucket gets the last completed deploy back.
    func restore(_ run: CommandRun, on site: ClaimedSite) -> StepProgress {
        run.syncPlan = nil
        guard DeployedBuild(workspacePath: site.endpoints.workspacePath).isPending else { return .finished(.succeeded) }
        if restoreBucket(site, logger: run.logger) { return .finished(.succeeded) }
        return .finished(.failed("the bucket could not be restored yet"))
    }

    /// Puts the last completed deploy back into the bucket (uploads what differs, deletes the rest) and
    /// clears the mark. On failure the mark stays and a repair is scheduled. Returns whether it worked.
    @discardableResult
    func restoreBucket(_ site: ClaimedSite, logger: Logger) -> Bool {
        let bucket = site.endpoints.bucket
        let deployed = DeployedBuild(workspacePath: site.endpoints.workspacePath)
        do {
            let existing = try aws.listObjects(bucket: bucket)
            let plan = try SyncPlan.make(bucket: bucket, distDirectory: deployed.directory, files: try deployed.files(), existing: existing)
            while let upload = plan.nextUploads(limit: 1).first {
                try aws.putObject(PutObjectRequest(bucket: bucket, key: upload.key, body: upload.body, contentType: upload.contentType))
                plan.markUploaded(1)
            }
            while !plan.nextDeletions().isEmpty {
                let deletions = plan.nextDeletions()
                let errors = try aws.deleteObjects(bucket: bucket, keys: Array(deletions))
                if let failure = errors.first {
                    throw AWSError(code: failure.code, message: "could not delete \(failure.key): \(failure.message)")
                }
                plan.markDeleted(deletions.count)
            }
            try deployed.clearPending()
            site.repairDue = nil
            logger.warning("\(LogLine.restoredDeploy) s3://\(bucket)/: \(plan.uploaded) uploaded, \(plan.deleted) deleted")
            return true
        } catch {
            site.repairDue = now + configuration.repairInterval
            logger.error("\(LogLine.couldNotRestoreDeploy) s3://\(bucket)/: \(Self.describe(error)); it is repaired when S3 answers")
            return false
        }
    }

    /// Ready: a restore that could not reach S3 is tried again.
    func repairBucketIfDue(_ site: ClaimedSite) {
        guard let due = site.repairDue, now >= due else { return }
        restoreBucket(site, logger: logger)
    }

    /// The first deploy from a volume keeps a copy of what the bucket holds now, so a failure can put it back.
    private func keepLastDeploy(_ site: ClaimedSite, deployed: DeployedBuild) throws {
        guard !deployed.exists else { return }
        let bucket = site.endpoints.bucket
        var objects: [(key: String, body: Data)] = []
        for key in try aws.listObjects(bucket: bucket).keys.sorted() {
            objects.append((key, try aws.getObject(bucket: bucket, key: key).body))
        }
        try deployed.replace(with: objects)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? AWSError { return "\(error.code): \(error.message)" }
        return "\(error)"
    }
}
