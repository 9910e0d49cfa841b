"""ECS over the wire (JSON 1.1, AmazonEC2ContainerServiceV20141113.*).

Task and service counts are eventually consistent in AWS, so these tests assert what the API answers at
once (desiredCount, desiredStatus, names and ARNs) and poll, with a short deadline, for anything else.
"""

import time
import unittest

import wire

# Fargate-style parameters: valid on a cluster without container instances in AWS. wsim has no EC2 and takes
# any subnet id; moto checks the subnet exists, so against moto the tests make one with moto's EC2 first.
NETWORK = {
    "awsvpcConfiguration": {
        "subnets": ["subnet-12345678"],
        "securityGroups": ["sg-12345678"],
        "assignPublicIp": "DISABLED",
    }
}


def setUpModule():
    if wire.REFERENCE == "moto":
        ec2 = wire.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
        # DNS hostnames on, or moto 5.2.1 answers 500 to RunTask (its task ENI then has no private DNS name).
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.77.1.0/24")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName=wire.unique("sg"), Description="wire tests", VpcId=vpc)["GroupId"]
        NETWORK["awsvpcConfiguration"]["subnets"] = [subnet]
        NETWORK["awsvpcConfiguration"]["securityGroups"] = [group]


class ECSTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ecs = wire.client("ecs")
        cls.cluster = wire.unique("cluster")
        cls.cluster_arn = cls.ecs.create_cluster(clusterName=cls.cluster)["cluster"]["clusterArn"]
        cls.family = wire.unique("family")
        cls.task_definition = cls.register(cls.family)["taskDefinitionArn"]

    @classmethod
    def register(cls, family):
        return cls.ecs.register_task_definition(
            family=family,
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[
                {"name": "app", "image": "public.ecr.aws/nginx/nginx:latest", "essential": True, "cpu": 256, "memory": 512}
            ],
        )["taskDefinition"]

    def create_service(self, desired=0):
        name = wire.unique("svc")
        service = self.ecs.create_service(
            cluster=self.cluster,
            serviceName=name,
            taskDefinition=self.task_definition,
            desiredCount=desired,
            launchType="FARGATE",
            networkConfiguration=NETWORK,
        )["service"]
        self.addCleanup(self._delete_service_quietly, name)
        return name, service

    def _delete_service_quietly(self, name):
        try:
            self.ecs.delete_service(cluster=self.cluster, service=name, force=True)
        except Exception:
            pass

    def run_tasks(self, count=1, **extra):
        response = self.ecs.run_task(
            cluster=self.cluster,
            taskDefinition=self.task_definition,
            count=count,
            launchType="FARGATE",
            networkConfiguration=NETWORK,
            **extra,
        )
        for task in response["tasks"]:
            self.addCleanup(self._stop_quietly, task["taskArn"])
        return response

    def _stop_quietly(self, arn):
        try:
            self.ecs.stop_task(cluster=self.cluster, task=arn)
        except Exception:
            pass

    def eventually(self, probe, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.1)


class TestClusters(ECSTestCase):
    def test_create_cluster(self):
        name = wire.unique("newcluster")
        cluster = self.ecs.create_cluster(clusterName=name)["cluster"]
        self.assertEqual(cluster["clusterName"], name)
        self.assertEqual(cluster["clusterArn"], f"arn:aws:ecs:us-east-1:123456789012:cluster/{name}")
        self.assertEqual(cluster["status"], "ACTIVE")

    def test_describe_clusters(self):
        missing = wire.unique("nocluster")
        response = self.ecs.describe_clusters(clusters=[self.cluster, missing])
        self.assertEqual([c["clusterName"] for c in response["clusters"]], [self.cluster])
        cluster = response["clusters"][0]
        self.assertEqual(cluster["clusterArn"], self.cluster_arn)
        self.assertEqual(cluster["status"], "ACTIVE")
        self.assertEqual(len(response["failures"]), 1)
        self.assertEqual(response["failures"][0]["reason"], "MISSING")
        self.assertTrue(response["failures"][0]["arn"].endswith(f":cluster/{missing}"))

    def test_describe_cluster_by_arn(self):
        response = self.ecs.describe_clusters(clusters=[self.cluster_arn])
        self.assertEqual([c["clusterName"] for c in response["clusters"]], [self.cluster])


class TestTaskDefinitions(ECSTestCase):
    def test_register_revisions(self):
        family = wire.unique("fam")
        first = self.register(family)
        self.assertEqual(first["family"], family)
        self.assertEqual(first["revision"], 1)
        self.assertEqual(first["status"], "ACTIVE")
        self.assertEqual(
            first["taskDefinitionArn"], f"arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"
        )
        self.assertEqual([c["name"] for c in first["containerDefinitions"]], ["app"])
        second = self.register(family)
        self.assertEqual(second["revision"], 2)
        self.assertTrue(second["taskDefinitionArn"].endswith(f":task-definition/{family}:2"))


class TestServices(ECSTestCase):
    def test_create_at_zero_then_update_to_one(self):
        name, service = self.create_service(desired=0)
        self.assertEqual(service["serviceName"], name)
        self.assertEqual(service["desiredCount"], 0)
        self.assertEqual(service["runningCount"], 0)
        self.assertEqual(service["status"], "ACTIVE")
        self.assertEqual(service["clusterArn"], self.cluster_arn)
        self.assertEqual(
            service["serviceArn"], f"arn:aws:ecs:us-east-1:123456789012:service/{self.cluster}/{name}"
        )
        self.assertEqual(service["taskDefinition"], self.task_definition)

        updated = self.ecs.update_service(cluster=self.cluster, service=name, desiredCount=1)["service"]
        self.assertEqual(updated["desiredCount"], 1)
        described = self.ecs.describe_services(cluster=self.cluster, services=[name])
        self.assertEqual(described["failures"], [])
        self.assertEqual([s["desiredCount"] for s in described["services"]], [1])
        self.assertEqual(described["services"][0]["status"], "ACTIVE")

    def test_describe_services_missing_name(self):
        name, _ = self.create_service()
        missing = wire.unique("nosvc")
        described = self.ecs.describe_services(cluster=self.cluster, services=[name, missing])
        self.assertEqual([s["serviceName"] for s in described["services"]], [name])
        self.assertEqual(len(described["failures"]), 1)
        failure = described["failures"][0]
        self.assertEqual(failure["reason"], "MISSING")
        self.assertTrue(failure["arn"].endswith(missing), failure["arn"])

    def test_update_missing_service(self):
        with self.assertRaises(self.ecs.exceptions.ServiceNotFoundException):
            self.ecs.update_service(cluster=self.cluster, service=wire.unique("nosvc"), desiredCount=1)

    def test_delete_service(self):
        name, _ = self.create_service(desired=0)
        deleted = self.ecs.delete_service(cluster=self.cluster, service=name)["service"]
        self.assertEqual(deleted["serviceName"], name)
        self.assertIn(deleted["status"], ("DRAINING", "INACTIVE"))
        described = self.ecs.describe_services(cluster=self.cluster, services=[name])
        # A deleted service is described as DRAINING/INACTIVE for a while, or reported missing.
        for service in described["services"]:
            self.assertIn(service["status"], ("DRAINING", "INACTIVE"))
        self.assertEqual(len(described["services"]) + len(described["failures"]), 1)

    # AWS: InvalidParameterException ("The service cannot be stopped while it is scaled above 0").
    def test_delete_scaled_service_needs_force(self):
        name, _ = self.create_service(desired=1)
        with self.assertRaises(self.ecs.exceptions.InvalidParameterException):
            self.ecs.delete_service(cluster=self.cluster, service=name)
        deleted = self.ecs.delete_service(cluster=self.cluster, service=name, force=True)["service"]
        self.assertIn(deleted["status"], ("DRAINING", "INACTIVE"))

    # moto differs: moto 5.2.1 starts no tasks for a service, and its ListTasks ignores serviceName.
    @wire.moto_differs("a service starts no tasks; ListTasks ignores serviceName")
    def test_service_starts_tasks(self):
        name, _ = self.create_service(desired=1)
        arns = self.eventually(
            lambda: self.ecs.list_tasks(cluster=self.cluster, serviceName=name)["taskArns"], timeout=5.0
        )
        self.assertEqual(len(arns), 1)
        task = self.ecs.describe_tasks(cluster=self.cluster, tasks=arns)["tasks"][0]
        self.assertEqual(task["desiredStatus"], "RUNNING")
        self.assertEqual(task["group"], f"service:{name}")


class TestTasks(ECSTestCase):
    def test_run_list_describe_stop(self):
        response = self.run_tasks(count=2, startedBy="wire-test")
        self.assertEqual(response["failures"], [])
        tasks = response["tasks"]
        self.assertEqual(len(tasks), 2)
        for task in tasks:
            self.assertEqual(task["clusterArn"], self.cluster_arn)
            self.assertEqual(task["taskDefinitionArn"], self.task_definition)
            self.assertEqual(task["desiredStatus"], "RUNNING")
            self.assertIn(
                task["lastStatus"], ("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING")
            )
            self.assertTrue(task["taskArn"].startswith(f"arn:aws:ecs:us-east-1:123456789012:task/{self.cluster}/"))
            self.assertEqual(task["startedBy"], "wire-test")
        arns = sorted(task["taskArn"] for task in tasks)

        listed = self.ecs.list_tasks(cluster=self.cluster, startedBy="wire-test")["taskArns"]
        self.assertTrue(set(arns) <= set(listed), (arns, listed))

        described = self.ecs.describe_tasks(cluster=self.cluster, tasks=arns)
        self.assertEqual(described["failures"], [])
        self.assertEqual(sorted(t["taskArn"] for t in described["tasks"]), arns)
        self.assertEqual([c["name"] for c in described["tasks"][0]["containers"]], ["app"])

        stopped = self.ecs.stop_task(cluster=self.cluster, task=arns[0], reason="wire test stop")["task"]
        self.assertEqual(stopped["taskArn"], arns[0])
        self.assertEqual(stopped["desiredStatus"], "STOPPED")
        self.assertEqual(stopped["stoppedReason"], "wire test stop")
        listed = lambda status: self.ecs.list_tasks(cluster=self.cluster, desiredStatus=status)["taskArns"]
        self.assertTrue(self.eventually(lambda: arns[0] in listed("STOPPED")), "stopped task not listed as STOPPED")
        self.assertTrue(self.eventually(lambda: arns[0] not in listed("RUNNING")), "stopped task still listed")
        self.assertIn(arns[1], listed("RUNNING"))

    # moto differs: moto 5.2.1 leaves unknown tasks out without a failure; AWS reports them with reason MISSING.
    @wire.moto_differs("DescribeTasks omits unknown tasks instead of reporting them in failures")
    def test_describe_missing_task(self):
        missing = f"arn:aws:ecs:us-east-1:123456789012:task/{self.cluster}/0123456789abcdef0123456789abcdef"
        described = self.ecs.describe_tasks(cluster=self.cluster, tasks=[missing])
        self.assertEqual(described["tasks"], [])
        self.assertEqual([(f["arn"], f["reason"]) for f in described["failures"]], [(missing, "MISSING")])

    def test_run_task_missing_cluster(self):
        with self.assertRaises(self.ecs.exceptions.ClusterNotFoundException):
            self.ecs.run_task(
                cluster=wire.unique("nocluster"),
                taskDefinition=self.task_definition,
                launchType="FARGATE",
                networkConfiguration=NETWORK,
            )

    # moto differs: moto 5.2.1 does not implement UpdateTaskProtection (and starts no service tasks).
    @wire.moto_differs("UpdateTaskProtection is not implemented; services start no tasks")
    def test_task_protection(self):
        name, _ = self.create_service(desired=1)
        arns = self.eventually(
            lambda: self.ecs.list_tasks(cluster=self.cluster, serviceName=name)["taskArns"], timeout=5.0
        )
        self.assertEqual(len(arns), 1)
        response = self.ecs.update_task_protection(
            cluster=self.cluster, tasks=arns, protectionEnabled=True, expiresInMinutes=60
        )
        self.assertEqual(response["failures"], [])
        self.assertEqual([p["taskArn"] for p in response["protectedTasks"]], arns)
        self.assertTrue(response["protectedTasks"][0]["protectionEnabled"])
        response = self.ecs.update_task_protection(cluster=self.cluster, tasks=arns, protectionEnabled=False)
        self.assertEqual(response["failures"], [])
        self.assertFalse(response["protectedTasks"][0]["protectionEnabled"])


if __name__ == "__main__":
    unittest.main()
