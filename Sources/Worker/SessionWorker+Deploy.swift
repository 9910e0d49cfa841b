import AWSPorts
import Foundation
import Logging
import SimKernel

extension SessionWorker {
    /// Uploads per step: one, so a different session's message stops a sync after the upload in flight.
    static let deployChunkSize = 1

    /// Step 7 begins: lists the bucket and works out what to upload and delete.
    func startDeploy(_ run: CommandRun, files: [String], on site: ClaimedSite) -> WorkerWake {
        let bucket = site.endpoints.bucket
        run.logger.info("Starting S3 sync to s3://\(bucket)/")
        do {
            var existing: [String: String] = [:]
            var token: String?
            repeat {
                let page = try AWSRetry.call { () throws(AWSError) in
                    try ports.s3.listObjectsV2(ListObjectsV2Request(bucket: bucket, continuationToken: token))
                }
                for object in page.contents { existing[object.key] = object.eTag }
                token = page.isTruncated ? page.nextContinuationToken : nil
            } while token != nil
            let dist = URL(fileURLWithPath: site.endpoints.workspacePath).appendingPathComponent("dist")
            run.stage = .deploy(try DeployPlan.make(bucket: bucket, distDirectory: dist, files: files, existing: existing))
        } catch let error as AWSError {
            return deployFailed(run, reason: "\(error.code): \(error.message)")
        } catch {
            return deployFailed(run, reason: "\(error)")
        }
        return .at(now)
    }

    /// One upload of the sync; the input queue is watched between uploads, so a different session's message
    /// stops the sync.
    func deployStep(_ run: CommandRun, plan: DeployPlan, on site: ClaimedSite) -> WorkerWake {
        if wakeReason == .messageVisible, checkInbox(run, on: site) { return .at(now) }
        do {
            let uploads = plan.nextUploads(limit: Self.deployChunkSize)
            if !uploads.isEmpty {
                for upload in uploads {
                    _ = try AWSRetry.call { () throws(AWSError) in
                        try ports.s3.putObject(PutObjectRequest(
                            bucket: plan.bucket, key: upload.key, body: upload.body, contentType: upload.contentType))
                    }
                    plan.markUploaded(1)
                }
                return .messageOrAt(queueURL: site.endpoints.inputQueueURL, now)
            }
            let deletions = plan.nextDeletions()
            if !deletions.isEmpty {
                let result = try AWSRetry.call { () throws(AWSError) in
                    try ports.s3.deleteObjects(bucket: plan.bucket, keys: Array(deletions), quiet: true)
                }
                if let failure = result.errors.first {
                    plan.markDeleted(deletions.count - result.errors.count)
                    return deployFailed(run, reason: "could not delete \(failure.key): \(failure.code)", plan: plan)
                }
                plan.markDeleted(deletions.count)
                return .at(now)
            }
        } catch {
            return deployFailed(run, reason: "\(error.code): \(error.message)", plan: plan)
        }
        run.finishStep("sync", at: now)
        run.deploySuccess = true
        run.logger.info("S3 sync complete: \(plan.uploaded) uploaded, \(plan.deleted) deleted")
        run.stage = .push
        return .at(now)
    }

    /// A failed sync is logged and the command goes on to push: it never stops the worker or loses commits.
    func deployFailed(_ run: CommandRun, reason: String, plan: DeployPlan? = nil) -> WorkerWake {
        run.finishStep("sync", at: now)
        run.errors.append("sync: \(reason)")
        let progress = plan.map { " (\($0.uploaded) uploaded, \($0.deleted) deleted before it)" } ?? ""
        run.logger.error("S3 sync failed: \(reason)\(progress)")
        run.stage = .push
        return .at(now)
    }
}
