using System.Reflection;
using System.Text.Json;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// The action's method, ready to run: a new instance of its type for every run when the method is not static (as
/// OpenWhisk's runtime does), the argument converted by its JSON library, a task or value task awaited.
/// </summary>
internal sealed class LoadedAction(MethodInfo method, ConstructorInfo? constructor, ActionJson json, Type parameter)
{
    private readonly PropertyInfo? taskResult = TaskResult(method.ReturnType);
    private readonly MethodInfo? valueTaskAsTask = method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>)
        ? method.ReturnType.GetMethod(nameof(ValueTask<int>.AsTask))
        : null;

    /// <summary>The result type a method must return: a JSON token, or a task or value task of one.</summary>
    public static Type ResultTypeOf(Type returned) =>
        returned.IsGenericType && (returned.GetGenericTypeDefinition() == typeof(Task<>) || returned.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returned.GetGenericArguments()[0]
            : returned;

    /// <summary>Runs the method on <paramref name="value"/>.</summary>
    /// <returns>Its result as UTF-8 JSON text.</returns>
    /// <exception cref="ActionRunException">The action threw, or returned null or something other than an object or array.</exception>
    public async Task<byte[]> RunAsync(JsonElement value)
    {
        object? result;
        try
        {
            var target = constructor?.Invoke(BindingFlags.DoNotWrapExceptions, null, [], null);
            result = method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, [json.Argument(value, parameter)], null);
            if (valueTaskAsTask is not null)
            {
                result = valueTaskAsTask.Invoke(result, BindingFlags.DoNotWrapExceptions, null, [], null);
            }

            if (result is Task task)
            {
                await task;
                result = taskResult is null ? null : taskResult.GetValue(task);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new ActionRunException(exception.Message, exception);
        }

        try
        {
            return json.Result(result);
        }
        catch (Exception exception) when (exception is not (ActionRunException or OutOfMemoryException))
        {
            // A value JSON cannot hold (NaN, an object Newtonsoft cannot write): as the Python proxy answers.
            throw new ActionRunException("The action did not return a valid JSON result: " + exception.Message, exception);
        }
    }

    private static PropertyInfo? TaskResult(Type returned)
    {
        if (!returned.IsGenericType)
        {
            return null;
        }

        var definition = returned.GetGenericTypeDefinition();
        return definition == typeof(Task<>) ? returned.GetProperty(nameof(Task<int>.Result))
            : definition == typeof(ValueTask<>) ? typeof(Task<>).MakeGenericType(returned.GetGenericArguments()).GetProperty(nameof(Task<int>.Result))
            : null;
    }
}
